package dev.jube.bench;

import dev.jube.controllers.DefaultControllers;
import dev.jube.kubelet.hollow.HollowNodes;
import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The controller manager's table: {@code jube server} (the API server alone) as a child process;
 * in this JVM, hollow nodes, the scheduler and the controller manager, each with its own client
 * that counts its requests. Creates Deployments, times until every pod is Running and Ready, then
 * times a rolling update of all of them. Usage: {@code ControllersBench [jube.jar [nodes deployments replicas]]}.
 */
public final class ControllersBench {

    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(20);
    private static final String NS = "bench";
    /**
     * Requests the hollow nodes make at once. Their default of 4 is spent on the 50 lease renewals a
     * second of 500 nodes, which starves pod status updates; real kubelets each have a connection.
     */
    private static final int HOLLOW_WRITERS = 32;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/jube.jar");
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int deployments = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int replicas = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        if (!Files.isRegularFile(jar)) {
            System.err.println("no server jar at " + jar + " (build it: mvn -pl cli -am package)");
            System.exit(2);
        }
        quietLogs();
        Path work = Files.createTempDirectory("jube-controllers-bench");
        List<String> jvm = new ArrayList<>(ApiServerBench.serverJvmFlags());
        jvm.add("-Xmx4g");
        ServerProcess server = ServerProcess.start(jar, work.resolve("data"), work.resolve("server.log"), jvm);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String loadBefore = ApiServerBench.loadAverage();
        int pods = deployments * replicas;
        Map<String, CountingClients.Counts> counts = new LinkedHashMap<>();
        for (String c : List.of("hollow nodes", "scheduler", "controller manager")) {
            counts.put(c, new CountingClients.Counts());
        }
        List<AutoCloseable> running = new ArrayList<>();
        try {
            server.awaitReady(Duration.ofSeconds(60));
            String kubeconfig = Files.readString(work.resolve("data").resolve("kubeconfig"));
            KubernetesClient observer = CountingClients.client(kubeconfig, new CountingClients.Counts());
            running.add(observer);
            KubernetesClient hollowClient = CountingClients.client(kubeconfig, counts.get("hollow nodes"));
            running.add(hollowClient);
            running.add(HollowNodes.start(hollowClient, HollowNodes.Config.defaults(nodes).withWriters(HOLLOW_WRITERS)));
            SharedIndexInformer<Node> nodeInformer = observer.nodes().inform();
            running.add(nodeInformer::close);
            await("nodes Ready", () -> nodeInformer.getStore().list().stream().filter(ControllersBench::ready).count()
                    >= nodes, () -> nodeInformer.getStore().list().size() + " nodes");

            KubernetesClient schedulerClient = CountingClients.client(kubeconfig, counts.get("scheduler"));
            running.add(schedulerClient);
            running.add(SchedulerServer.start(schedulerClient,
                    SchedulerConfig.defaults().withLeaderElection(SchedulerConfig.LeaderElection.disabled())));
            KubernetesClient cmClient = CountingClients.client(kubeconfig, counts.get("controller manager"));
            running.add(cmClient);
            running.add(DefaultControllers.builder(cmClient).leaderElection(null).build().start());

            observer.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).create();
            SharedIndexInformer<Pod> podInformer = observer.pods().inNamespace(NS).inform();
            running.add(podInformer::close);
            Map<String, CountingClients.Snapshot> before = snapshot(counts);

            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> created = new ArrayList<>();
                for (int i = 0; i < deployments; i++) {
                    Deployment d = deployment("app-" + i, replicas, "registry.k8s.io/pause:3.9");
                    created.add(pool.submit(() -> observer.apps().deployments().inNamespace(NS).resource(d).create()));
                }
                for (Future<?> f : created) {
                    f.get();
                }
            }
            double createSeconds = (System.nanoTime() - t0) / 1e9;
            Predicate<String> v1 = "registry.k8s.io/pause:3.9"::equals;
            await("all pods Running and Ready", () -> allReady(podInformer, pods, v1), () -> progress(podInformer));
            double readySeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("all %d pods Running and Ready %.1f s after the first create%n", pods, readySeconds);
            Map<String, CountingClients.Snapshot> afterCreate = snapshot(counts);

            long t1 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> updated = new ArrayList<>();
                for (int i = 0; i < deployments; i++) {
                    String name = "app-" + i;
                    updated.add(pool.submit(() -> observer.apps().deployments().inNamespace(NS).withName(name)
                            .edit(d -> {
                                d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                                        .setImage("registry.k8s.io/pause:3.10");
                                return d;
                            })));
                }
                for (Future<?> f : updated) {
                    f.get();
                }
            }
            Predicate<String> v2 = "registry.k8s.io/pause:3.10"::equals;
            await("all pods replaced, Running and Ready", () -> allReady(podInformer, pods, v2),
                    () -> progress(podInformer));
            double rolloutSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("rolling update done in %.1f s%n", rolloutSeconds);
            Map<String, CountingClients.Snapshot> afterRollout = snapshot(counts);

            System.out.printf("%n| measurement (%d hollow nodes, %d Deployments x %d replicas) | result |%n",
                    nodes, deployments, replicas);
            System.out.println("|---|---|");
            row("creating the Deployments (s)", "%.1f", createSeconds);
            row("create to all " + pods + " pods Running and Ready (s)", "%.1f", readySeconds);
            row("rolling update of all of them, image change to all Ready (s)", "%.1f", rolloutSeconds);
            for (String c : counts.keySet()) {
                CountingClients.Snapshot a = afterCreate.get(c).minus(before.get(c));
                CountingClients.Snapshot b = afterRollout.get(c).minus(afterCreate.get(c));
                row(c + ": requests per pod, create / rollout", "%.2f / %.2f", (double) a.requests() / pods,
                        (double) b.requests() / pods);
                row(c + ": errors, create / rollout", "%d / %d", a.errors(), b.errors());
            }
        } finally {
            // Printed even when a phase did not finish: the counts so far.
            System.out.println();
            counts.forEach((c, n) -> System.out.printf("%s: requests by method %s, errors %s%n", c, n.byMethod(),
                    n.errorsByCode()));
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e);
                }
            }
            server.close();
            ApiServerBench.delete(work);
        }
        System.out.printf("machine: %d cores, java %s; load average before %s, after %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadBefore, ApiServerBench.loadAverage());
    }

    /** Without a configuration logback logs everything at DEBUG, which would cost the components CPU. */
    private static void quietLogs() {
        var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.fabric8"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static void row(String name, String format, Object... values) {
        System.out.printf("| %s | %s |%n", name, String.format(format, values));
    }

    private static Map<String, CountingClients.Snapshot> snapshot(Map<String, CountingClients.Counts> counts) {
        Map<String, CountingClients.Snapshot> s = new LinkedHashMap<>();
        counts.forEach((k, v) -> s.put(k, v.snapshot()));
        return s;
    }

    /** Exactly {@code pods} pods, all with the image, Running and Ready (the old ones gone). */
    private static boolean allReady(SharedIndexInformer<Pod> pods, int expected, Predicate<String> image) {
        List<Pod> all = pods.getStore().list();
        long good = all.stream().filter(p -> image.test(p.getSpec().getContainers().getFirst().getImage()))
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
        return all.size() == expected && good == expected;
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String progress(SharedIndexInformer<Pod> pods) {
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (Pod p : pods.getStore().list()) {
            String state = p.getSpec().getNodeName() == null ? "unbound" : p.getStatus().getPhase();
            byState.merge(state, 1L, Long::sum);
        }
        return byState.toString();
    }

    private static void await(String what, java.util.function.BooleanSupplier done,
                              java.util.function.Supplier<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        long lastReport = start;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - start > PHASE_TIMEOUT.toNanos()) {
                throw new IllegalStateException("not " + what + " within " + PHASE_TIMEOUT);
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf("waiting for %s: %.0f s, %s%n", what, (lastReport - start) / 1e9, progress.get());
            }
            Thread.sleep(100);
        }
    }

    private static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
