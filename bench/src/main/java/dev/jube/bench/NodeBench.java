package dev.jube.bench;

import dev.jube.kubelet.images.BusyboxImage;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node agent's benchmark: {@code jube server} (API server only) and a {@code jube agent} that
 * joins it with a bootstrap token, each a child process, the agent with its own containerd, bridge
 * and pod range and the busybox test image queued for import. Measures pod start-up latency
 * (create to Running, as the API shows it), then the agent's and containerd's footprint with 20
 * pods at rest. Everything runs on this host and is removed at the end.
 */
public final class NodeBench {

    private static final String NODE = "bench-node";
    private static final String NS = "bench";
    private static final String BRIDGE = "jbench0";
    private static final String POD_CIDR = "10.244.251.0/24";
    private static final Pattern JOIN = Pattern.compile(
            "jube agent --server (\\S+) --token (\\S+) --ca-cert-hash (\\S+)\\s*");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
    private KubernetesClient client;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NodeBench JUBE_JAR [pods=50] [restingPods=20]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int resting = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path work = Files.createTempDirectory("jube-node-bench-");
        try {
            new NodeBench().run(jar, work, pods, resting);
        } finally {
            cleanHost(work);
        }
    }

    private void run(Path jar, Path work, int pods, int resting) throws Exception {
        List<String> jvm = jvmFlags();
        try (ServerProcess server = ServerProcess.start(jar, work.resolve("server"), work.resolve("server.log"), jvm)) {
            server.awaitReady(WAIT);
            Matcher join = JOIN.matcher(jube(jar, jvm, "token", "create", "--data-dir", work.resolve("server").toString()));
            if (!join.matches()) {
                throw new IllegalStateException("unexpected `jube token create` output: " + join);
            }
            Path agentData = work.resolve("agent");
            Path images = Files.createDirectories(agentData.resolve("agent").resolve("images"));
            BusyboxImage.busybox(BusyboxImage.findStaticBusybox(), BusyboxImage.DEFAULT_BUSYBOX_IMAGE)
                    .writeTo(images.resolve("busybox.tar"));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvm);
            cmd.addAll(agentJvmFlags());
            Path agentJar = jar.resolveSibling("jube-agent.jar"); // as the launcher runs an agent
            cmd.addAll(List.of("-jar", agentJar.toString(), "agent", "--server", join.group(1), "--token", join.group(2),
                    "--ca-cert-hash", join.group(3), "--data-dir", agentData.toString(), "--node-name", NODE,
                    "--pod-cidr", POD_CIDR, "--bridge", BRIDGE, "--kubelet-port", "0", "--no-install"));
            ProcessBuilder agentBuilder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(work.resolve("agent.log").toFile());
            // The launcher's malloc setting for the agent (scripts/lib.sh), when given.
            if (!agentArenas().isEmpty()) {
                agentBuilder.environment().put("MALLOC_ARENA_MAX", agentArenas());
            }
            Process agent = agentBuilder.start();
            try {
                client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(work.resolve("server").resolve("kubeconfig"))))
                        .build();
                measure(agent, work, pods, resting);
            } finally {
                if (client != null) {
                    deleteAllPods();
                    client.close();
                }
                agent.destroy(); // SIGTERM: the agent stops its containerd
                if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    private void measure(Process agent, Path work, int pods, int resting) throws Exception {
        long startedAt = System.nanoTime();
        awaitNodeReady(agent, work);
        double joinSeconds = (System.nanoTime() - startedAt) / 1e9;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        // The API server runs alone: what the controller manager would publish in the namespace for
        // every pod's kube-api-access volume (the "default" account and the cluster's CA) is made here.
        client.serviceAccounts().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("default").endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("kube-root-ca.crt").endMetadata()
                .addToData("ca.crt", Files.readString(work.resolve("server").resolve("pki").resolve("ca.crt")))
                .build()).create();
        try (Watch w = watchRunning()) {
            // Warm-up: the first pod pays for class loading in the agent and containerd's first sandbox.
            createAndAwait("warm-up");
            deleteAllPods();

            double[] serial = new double[pods];
            for (int i = 0; i < pods; i++) {
                serial[i] = createAndAwait("one-" + i);
            }
            deleteAllPods();

            double[] burst = burst(pods);
            deleteAllPods();

            for (int i = 0; i < resting; i++) {
                create("rest-" + i);
            }
            for (int i = 0; i < resting; i++) {
                running.get("rest-" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            Thread.sleep(15_000); // let start-up work and the first heartbeats settle
            long pid = agent.pid();
            Duration cpu0 = ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElse(Duration.ZERO);
            long t0 = System.nanoTime();
            Thread.sleep(30_000);
            Duration cpu1 = ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElse(Duration.ZERO);
            double cpuPercent = 100.0 * (cpu1.toNanos() - cpu0.toNanos()) / (System.nanoTime() - t0);
            long rss = ProcessMemory.rssBytes(pid);
            long heap = ProcessMemory.heapAfterGcBytes(pid);
            Thread.sleep(2_000);
            long rssAfterGc = ProcessMemory.rssBytes(pid);
            String dumpDir = System.getenv().getOrDefault("JUBE_BENCH_DUMP", "");
            if (!dumpDir.isBlank()) {
                ProcessMemory.dump(pid, Path.of(dumpDir));
            }
            long containerd = rssOf(ProcessHandle.of(pid).orElseThrow().descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("/containerd")).toList());
            List<ProcessHandle> shims = processesNaming(work).stream()
                    .filter(h -> h.info().command().orElse("").contains("containerd-shim")).toList();
            long shimRss = rssOf(shims);

            System.out.println();
            System.out.printf("Node agent benchmark: %d pods (busybox sleep), one node agent process with its own containerd%n",
                    pods);
            System.out.println("agent JVM options: " + (agentJvmFlags().isEmpty() ? "(defaults)"
                    : String.join(" ", agentJvmFlags()))
                    + (agentArenas().isEmpty() ? "" : "; MALLOC_ARENA_MAX=" + agentArenas()));
            row("metric", "value", "goal");
            System.out.println("|" + "-".repeat(58) + "|" + "-".repeat(42) + "|" + "-".repeat(10) + "|");
            row("join: agent process start to node Ready (s)", String.format("%.1f", joinSeconds), "");
            row("pod start, one at a time: p50 (ms)", ms(Stats.median(serial)), "< 1,000");
            row("  p99 (ms)", ms(Stats.percentile(serial, 99)) + "  (max " + ms(max(serial)) + ")", "< 2,000");
            row(pods + " pods at once: p50 (ms)", ms(Stats.median(burst)), "");
            row("  p99 (ms)", ms(Stats.percentile(burst, 99)) + "  (all Running after " + ms(max(burst)) + ")", "");
            row("agent RSS, " + resting + " pods running (MB)", mb(rss), "< 100");
            row("agent heap after full GC, " + resting + " pods (MB)", mb(heap), "");
            row("agent RSS just after that full GC (MB)", mb(rssAfterGc), "");
            row("agent CPU at rest, " + resting + " pods (% of one core)", String.format("%.1f", cpuPercent), "");
            row("containerd RSS, " + resting + " pods (MB)", mb(containerd), "");
            row("container shims, " + shims.size() + " processes, RSS total (MB)", mb(shimRss), "");
        }
    }

    private static List<String> jvmFlags() {
        String flags = System.getenv().getOrDefault("JUBE_JVM_FLAGS", "").strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    /** Extra JVM options for the agent process only, e.g. a small heap: JUBE_AGENT_JVM_FLAGS. */
    private static List<String> agentJvmFlags() {
        String flags = System.getenv().getOrDefault("JUBE_AGENT_JVM_FLAGS", "").strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    /** glibc's malloc arena limit for the agent alone: JUBE_AGENT_MALLOC_ARENA_MAX, or empty. */
    private static String agentArenas() {
        return System.getenv().getOrDefault("JUBE_AGENT_MALLOC_ARENA_MAX", "").strip();
    }

    private static String jube(Path jar, List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jube " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private void awaitNodeReady(Process agent, Path work) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited with " + agent.exitValue() + ": "
                        + Files.readString(work.resolve("agent.log")));
            }
            Node n = client.nodes().withName(NODE).get();
            if (n != null && n.getStatus() != null && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the node did not become Ready: " + Files.readString(work.resolve("agent.log")));
    }

    /** Completes each pod's future with the moment the API first shows it Running. */
    private Watch watchRunning() {
        return client.pods().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                    running.computeIfAbsent(pod.getMetadata().getName(), k -> new CompletableFuture<>())
                            .complete(System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    running.values().forEach(f -> f.completeExceptionally(cause));
                }
            }
        });
    }

    /** Milliseconds from the create call to Running. */
    private double createAndAwait(String name) throws Exception {
        long t0 = create(name);
        return (running.get(name).get(WAIT.toSeconds(), TimeUnit.SECONDS) - t0) / 1e6;
    }

    private long create(String name) {
        running.computeIfAbsent(name, k -> new CompletableFuture<>());
        long t0 = System.nanoTime();
        client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName(NODE).withTerminationGracePeriodSeconds(1L).withRestartPolicy("Always")
                .addNewContainer().withName("main").withImage(BusyboxImage.DEFAULT_BUSYBOX_IMAGE)
                .withImagePullPolicy("IfNotPresent").withCommand("sleep", "3600").endContainer()
                .endSpec().build()).create();
        return t0;
    }

    /** All pods created at once by 10 clients; each pod's latency from its own create call. */
    private double[] burst(int pods) throws Exception {
        double[] result = new double[pods];
        long[] t0 = new long[pods];
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<CompletableFuture<Void>> creates = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                int n = i;
                creates.add(CompletableFuture.runAsync(() -> t0[n] = create("burst-" + n), pool));
            }
            CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        for (int i = 0; i < pods; i++) {
            result[i] = (running.get("burst-" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS) - t0[i]) / 1e6;
        }
        return result;
    }

    private void deleteAllPods() throws InterruptedException {
        client.pods().inNamespace(NS).delete();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !client.pods().inNamespace(NS).list().getItems().isEmpty()) {
            Thread.sleep(200);
        }
    }

    private static long rssOf(List<ProcessHandle> processes) {
        long sum = 0;
        for (ProcessHandle h : processes) {
            try {
                sum += ProcessMemory.rssBytes(h.pid());
            } catch (IOException e) {
                // exited meanwhile
            }
        }
        return sum;
    }

    /** Processes whose command line names the folder: the agent's containerd, its shims and their children. */
    private static List<ProcessHandle> processesNaming(Path folder) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(h -> h.pid() != ProcessHandle.current().pid()).filter(h -> {
                try {
                    return new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")),
                            StandardCharsets.UTF_8).contains(folder.toString());
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    /** Whatever a stopped agent could leave: processes, the bridge, mounts, the folder. */
    private static void cleanHost(Path work) {
        for (ProcessHandle h : processesNaming(work)) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        run("ip", "link", "del", BRIDGE);
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].startsWith(work.toString())) {
                    mounts.add(f[4]);
                }
            }
            mounts.sort(Comparator.comparingInt(String::length).reversed());
            mounts.forEach(m -> run("umount", "-l", m));
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            System.err.println("could not remove " + work + ": " + e.getMessage());
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // tool missing: nothing of ours to remove with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static String ms(double v) {
        return String.format("%,.0f", v);
    }

    private static String mb(long bytes) {
        return String.format("%,.0f", bytes / 1048576.0);
    }

    private static void row(String metric, String value, String goal) {
        System.out.printf("| %-56s | %-40s | %-8s |%n", metric, value, goal);
    }
}
