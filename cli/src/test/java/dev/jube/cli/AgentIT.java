package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.kubelet.pods.Cgroups;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.node.NodeCleanup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second host joining: `jube server` with its own node, `jube token create`, then `jube agent`
 * as another process with its own data folder, containerd, bridge and pod range, running a pod.
 */
class AgentIT {

    private static final Path JAR = Path.of("target", "jube.jar").toAbsolutePath();
    /** The agent's own jar, run as the launcher runs it: a class it lacks fails this test. */
    private static final Path AGENT_JAR = Path.of("target", "jube-agent.jar").toAbsolutePath();
    private static final Pattern JOIN = Pattern.compile(
            "jube agent --server (\\S+) --token (\\S+) --ca-cert-hash (sha256:[0-9a-f]{64})\\s*");

    @TempDir
    Path dir;

    private final List<Process> started = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bridges = new ArrayList<>();
    private final int subnet = ThreadLocalRandom.current().nextInt(100, 240);

    /** SIGTERM first, so each agent stops its containerd; then whatever the processes left on the host. */
    @AfterEach
    void stopAndClean() throws Exception {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        HostCleanup.killProcessesNaming(dir);
        HostCleanup.podUidsUnder(dir).forEach(Cgroups::removePod);
        bridges.forEach(NodeCleanup::deleteBridge);
        NodeCleanup.unmountUnder(dir);
    }

    private Process start(Pattern readyLine, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(args[0].equals("agent")
                ? List.of(java, "-Dslf4j.provider=dev.jube.cli.StderrLogging", "-jar", AGENT_JAR.toString())
                : List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (readyLine.matcher(line).find()) {
                        return line;
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException(args[0] + " ended before it was ready:\n" + seen);
        }).get(180, TimeUnit.SECONDS);
        Thread.ofVirtual().start(() -> {
            try {
                reader.lines().forEach(l -> {});
            } catch (UncheckedIOException e) {
                // the process was stopped and its output closed
            }
        });
        return p;
    }

    private String jube(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(args[0].equals("agent")
                ? List.of(java, "-Dslf4j.provider=dev.jube.cli.StderrLogging", "-jar", AGENT_JAR.toString())
                : List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jube %s finished", args[0]).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("jube %s: %s%s", String.join(" ", args), out, err).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    private String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", dir.resolve("server/kubeconfig").toString());
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    private String bridge(String role) {
        String name = "ja" + role + subnet;
        bridges.add(name);
        return name;
    }

    @Test
    void aSecondHostJoinsWithATokenAndRunsAPod() throws Exception {
        Path server = dir.resolve("server");
        Path agent = dir.resolve("agent-host");
        start(Pattern.compile("^Jube is ready\\."), "server", "--data-dir", server.toString(),
                "--port", String.valueOf(freePort()), "--bind-address", "127.0.0.1",
                "--node-name", "first", "--pod-cidr", "10.244." + subnet + ".0/24", "--bridge", bridge("s"),
                "--kubelet-port", "0", "--no-install");

        Matcher join = JOIN.matcher(jube("token", "create", "--ttl", "1h", "--data-dir", server.toString()));
        assertThat(join.matches()).as(join.toString()).isTrue();

        // No agent runs on the new host yet: the image is queued and imported when the agent starts.
        Path busybox = BusyboxImage.busybox(BusyboxImage.findStaticBusybox(), BusyboxImage.DEFAULT_BUSYBOX_IMAGE)
                .writeTo(dir.resolve("busybox.tar"));
        assertThat(jube("images", "import", busybox.toString(), "--data-dir", agent.toString())).contains("queued");

        start(Pattern.compile("^Node second joined "), "agent", "--server", join.group(1), "--token", join.group(2),
                "--ca-cert-hash", join.group(3), "--data-dir", agent.toString(), "--node-name", "second",
                "--pod-cidr", "10.244." + (subnet + 1) + ".0/24", "--bridge", bridge("a"),
                "--kubelet-port", "0", "--no-install");
        await().atMost(120, TimeUnit.SECONDS).untilAsserted(() -> assertThat(kubectl("get", "nodes"))
                .containsPattern("first\\s+Ready").containsPattern("second\\s+Ready"));

        kubectl("run", "on-second", "--image=" + BusyboxImage.DEFAULT_BUSYBOX_IMAGE, "--image-pull-policy=IfNotPresent",
                "--restart=Never", "--overrides={\"spec\":{\"nodeName\":\"second\",\"terminationGracePeriodSeconds\":1}}",
                "--", "sleep", "3600");
        await().atMost(120, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                kubectl("get", "pod", "on-second", "-o", "jsonpath={.status.phase} {.spec.nodeName} {.status.podIP}"))
                .matches("Running second \\d+\\.\\d+\\.\\d+\\.\\d+"));

        kubectl("delete", "pod", "on-second", "--wait=true", "--timeout=60s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Finds what agents under one folder leave on the host when they could not stop cleanly. */
    static final class HostCleanup {

        private HostCleanup() {}

        /** Container shims and containers whose command line names the folder (their containerd's socket). */
        static void killProcessesNaming(Path folder) {
            try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
                all.filter(h -> h.pid() != ProcessHandle.current().pid())
                        .filter(h -> cmdline(h.pid()).contains(folder.toString()))
                        .forEach(h -> {
                            h.descendants().forEach(ProcessHandle::destroyForcibly);
                            h.destroyForcibly();
                        });
            }
        }

        private static String cmdline(long pid) {
            try {
                return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** The uids of the pods whose folders the agents made under {@code folder}. */
        static List<String> podUidsUnder(Path folder) {
            try (Stream<Path> walk = Files.walk(folder, 4)) {
                return walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("pods")
                        && p.getParent().getParent() != null
                        && p.getParent().getParent().getFileName().toString().equals("agent"))
                        .map(p -> p.getFileName().toString()).toList();
            } catch (IOException e) {
                return List.of();
            }
        }
    }
}
