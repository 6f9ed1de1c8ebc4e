package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.pods.Cgroups;
import dev.jube.kubelet.containerd.ContainerdConfig;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.node.NodeCleanup;
import dev.jube.store.etcd.EtcdProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/** `jube server` as a user runs it: the built jar as a process, driven by the real kubectl. */
class ServerIT {

    private static final Path JAR = Path.of("target", "jube.jar").toAbsolutePath();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Starts a server and waits for its ready line; returns the process. */
    private Process startServer(String... extra) throws Exception {
        List<String> options = new ArrayList<>(List.of("--disable-agent"));
        options.addAll(List.of(extra));
        return startServerWith(options);
    }

    private Process startServerWith(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(),
                "server", "--data-dir", dir.toString(), "--port", String.valueOf(freePort()),
                "--bind-address", "127.0.0.1"));
        command.addAll(options);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith("Jube is ready.")) {
                        return line;
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("server ended before it was ready:\n" + seen);
        }).get(120, TimeUnit.SECONDS);
        assertThat(ready).isEqualTo("Jube is ready. export KUBECONFIG=" + dir.resolve("kubeconfig"));
        // Keep draining its output so the server never blocks on a full pipe.
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
        return p;
    }

    private String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", dir.resolve("kubeconfig").toString());
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

    @Test
    void theServersOwnNodeRunsADeploymentInRealContainers() throws Exception {
        Path images = Files.createDirectories(dir.resolve("agent").resolve("images"));
        BusyboxImage.busybox(BusyboxImage.findStaticBusybox(), BusyboxImage.DEFAULT_BUSYBOX_IMAGE)
                .writeTo(images.resolve("busybox.tar"));
        String bridge = "jbs" + Long.toHexString(System.nanoTime() & 0xffff);
        Path socket = ContainerdConfig.socketFor(dir.resolve("agent").resolve("containerd"));
        Process server = startServerWith(List.of("--node-name", "agent-it", "--bridge", bridge, "--kubelet-port", "0"));
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> kubectl("get", "node", "agent-it",
                    "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").equals("True"));
            assertThat(kubectl("get", "node", "agent-it", "-o", "jsonpath={.spec.podCIDR}")).startsWith("10.42.");
            kubectl("create", "deployment", "web", "--image=" + BusyboxImage.DEFAULT_BUSYBOX_IMAGE, "--replicas=3",
                    "--", "sleep", "3600");
            assertThat(kubectl("rollout", "status", "deployment/web", "--timeout=120s"))
                    .contains("successfully rolled out");
            assertThat(kubectl("get", "pods", "-l", "app=web", "-o",
                    "jsonpath={range .items[*]}{.status.phase} {.spec.nodeName}{\"\\n\"}{end}"))
                    .isEqualTo("Running agent-it\n".repeat(3));
            String pod = kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");
            assertThat(kubectl("exec", pod, "--", "sh", "-c", "echo hello from $(hostname)"))
                    .isEqualTo("hello from " + pod + "\n");
            kubectl("exec", pod, "--", "sh", "-c", "echo to-the-log > /proc/1/fd/1");
            assertThat(kubectl("logs", pod)).contains("to-the-log");
            try (CriClient cri = new CriClient(socket)) {
                assertThat(cri.listContainers().stream().filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING)
                        .filter(c -> c.getLabelsMap().getOrDefault("io.kubernetes.pod.name", "").startsWith("web-"))).hasSize(3);
            }
        } finally {
            // The agent would recreate removed sandboxes for pods still in the API: stop it first,
            // then remove what its containers left (their shims outlive containerd on purpose).
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            AgentIT.HostCleanup.killProcessesNaming(dir);
            AgentIT.HostCleanup.podUidsUnder(dir).forEach(Cgroups::removePod);
            NodeCleanup.deleteBridge(bridge);
            NodeCleanup.unmountUnder(dir);
        }
    }

    @Test
    void acknowledgedWritesSurviveAServerKilledWithSigkill() throws Exception {
        Process first = startServer();
        assertThat(kubectl("get", "namespaces")).contains("default", "kube-system", "kube-public", "kube-node-lease");
        assertThat(kubectl("create", "configmap", "survivor", "--from-literal=greeting=hello"))
                .contains("configmap/survivor created");

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        startServer();
        assertThat(kubectl("get", "configmap", "survivor", "-o", "jsonpath={.data.greeting}")).isEqualTo("hello");
    }

    @Test
    void aGracefulStopReleasesTheDataFolderForTheNextStart() throws Exception {
        Process first = startServer();
        kubectl("create", "namespace", "kept");
        first.destroy(); // SIGTERM: the shutdown hook closes the API server and the store
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        startServer();
        assertThat(kubectl("get", "namespace", "kept", "-o", "name")).isEqualTo("namespace/kept\n");
    }

    @Test
    void aDeploymentRollsOutOnHollowNodesAndHealsItself() throws Exception {
        startServer("--hollow-nodes", "2");
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(kubectl("get", "nodes"))
                .containsPattern("hollow-node-0\\s+Ready").containsPattern("hollow-node-1\\s+Ready"));

        assertThat(kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3"))
                .contains("deployment.apps/web created");
        assertThat(kubectl("rollout", "status", "deployment/web", "--timeout=90s"))
                .contains("deployment \"web\" successfully rolled out");
        assertThat(kubectl("get", "deployment", "web")).containsPattern("web\\s+3/3\\s+3\\s+3");
        String pods = kubectl("get", "pods", "-l", "app=web", "-o", "wide");
        assertThat(pods.lines().filter(l -> l.contains("Running") && l.contains("hollow-node-"))).hasSize(3);

        // Self-healing: a deleted pod is replaced by the ReplicaSet and scheduled again.
        String victim = kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");
        kubectl("delete", "pod", victim, "--wait=false");
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            String names = kubectl("get", "pods", "-l", "app=web", "--field-selector=status.phase=Running",
                    "-o", "jsonpath={.items[*].metadata.name}");
            assertThat(names.split(" ")).hasSize(3).doesNotContain(victim);
        });

        // A rolling update to a new image, then a rollback.
        kubectl("set", "image", "deployment/web", "nginx=nginx:1.28");
        assertThat(kubectl("rollout", "status", "deployment/web", "--timeout=90s")).contains("successfully rolled out");
        assertThat(kubectl("rollout", "history", "deployment/web")).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        kubectl("rollout", "undo", "deployment/web");
        assertThat(kubectl("rollout", "status", "deployment/web", "--timeout=90s")).contains("successfully rolled out");
        assertThat(kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.27");

        // Orphan deletion: the Deployment goes, its ReplicaSets and pods stay, without owner.
        kubectl("delete", "deployment", "web", "--cascade=orphan");
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(kubectl("get", "deployments", "-o", "name")).doesNotContain("deployment.apps/web");
            assertThat(kubectl("get", "rs", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.ownerReferences}"))
                    .isEmpty();
        });
        assertThat(kubectl("get", "rs", "-l", "app=web", "-o", "name")).contains("replicaset.apps/web-");
        assertThat(kubectl("get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o", "name")
                .lines()).hasSize(3);
    }

    @Test
    void runsOnARealEtcd() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start(dir.resolve("etcd"))) {
            startServer("--datastore", "etcd", "--etcd-endpoints", etcd.clientUrl().toString(), "--etcd-prefix", "/c1");
            kubectl("create", "configmap", "on-etcd", "--from-literal=k=v");
            assertThat(kubectl("get", "configmaps", "-o", "name")).contains("configmap/on-etcd");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
