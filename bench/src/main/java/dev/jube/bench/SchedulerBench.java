package dev.jube.bench;

import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/**
 * The scheduler table, after upstream's scheduler_perf workloads: an API server and the real
 * scheduler in this JVM, plain Node objects (no kubelets) created through the API, pods already
 * placed, then the measured pods created as fast as the API takes them. Prints pods scheduled
 * per second (first to last bind of the measured pods), scheduling latency (pod creation request
 * to the bind seen by a watch) and the heap the whole process uses afterwards.
 * Usage: {@code SchedulerBench [workload names...]}; {@code JUBE_BENCH_ROUNDS=N} runs each N times.
 */
public final class SchedulerBench {

    private static final int CREATORS = 16;
    private static final long TIMEOUT_SECONDS = 900;

    /** One workload: nodes, pods placed before measuring, measured pods, and the goal in pods/s. */
    record Workload(String name, int nodes, int initPods, IntFunction<Pod> init, int measuredPods,
                    IntFunction<Pod> measured, String goal) {}

    record Result(Workload w, int round, double podsPerSecond, double p50, double p99, long heapMb, double seconds) {}

    public static void main(String[] args) throws Exception {
        List<Workload> all = List.of(
                new Workload("SchedulingBasic", 5_000, 1_000, i -> plain("init-" + i), 10_000,
                        i -> plain("pod-" + i), ">= 1,000"),
                new Workload("SchedulingPodAntiAffinity", 5_000, 1_000, i -> antiAffinity("init-" + i), 2_000,
                        i -> antiAffinity("pod-" + i), ">= 100"),
                new Workload("TopologySpreading", 5_000, 5_000, i -> plain("init-" + i), 5_000,
                        i -> spread("pod-" + i), ">= 300"),
                new Workload("Preemption", 1_000, 4_000, i -> lowPriority("low-" + i), 1_000,
                        i -> highPriority("high-" + i), "all placed"));
        // Round 1 is a JVM's first run of the code; later rounds (each on a new cluster in this JVM)
        // show the compiled steady state. JUBE_BENCH_ROUNDS sets how many.
        int rounds = Integer.parseInt(System.getenv().getOrDefault("JUBE_BENCH_ROUNDS", "1"));
        List<Result> results = new ArrayList<>();
        for (Workload w : all) {
            if (args.length == 0 || List.of(args).contains(w.name())) {
                for (int r = 1; r <= rounds; r++) {
                    results.add(run(w, r));
                }
            }
        }
        System.out.println();
        System.out.printf("| %-26s | %5s | %6s | %8s | %8s | %8s | %9s | %9s | %-10s |%n", "workload", "round",
                "nodes", "measured", "pods/s", "p50 (ms)", "p99 (ms)", "heap (MB)", "goal");
        System.out.println("|" + "-".repeat(28) + "|" + "-".repeat(7) + "|" + "-".repeat(8) + "|" + "-".repeat(10) + "|"
                + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(11) + "|" + "-".repeat(11) + "|"
                + "-".repeat(12) + "|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %-26s | %5d | %,6d | %,8d | %,8.0f | %,8.0f | %,9.0f | %,9d | %-10s |%n",
                    r.w().name(), r.round(), r.w().nodes(), r.w().measuredPods(), r.podsPerSecond(), r.p50(), r.p99(),
                    r.heapMb(), r.w().goal());
        }
        System.exit(0);
    }

    private static void log(String fmt, Object... args) {
        System.err.printf("[scheduler-bench] " + fmt + "%n", args);
    }

    // ---- the workloads' objects (upstream's node-default, pod-default and friends)

    /** One of the workloads' nodes (upstream's node-default), also used by the scheduling-cycle bench. */
    public static Node node(int i) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        String name = "node-" + i;
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 3))
                .addToLabels("topology.kubernetes.io/region", "region-1").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    private static PodBuilder pod(String name, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().endContainer().endSpec();
    }

    private static Pod plain(String name) {
        return pod(name, "100m", "500Mi").build();
    }

    private static Pod antiAffinity(String name) {
        return pod(name, "100m", "500Mi").editMetadata().addToLabels("color", "green").endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("color", "green").build())
                        .withTopologyKey("kubernetes.io/hostname").build())
                .endPodAntiAffinity().endAffinity().endSpec().build();
    }

    private static Pod spread(String name) {
        return pod(name, "100m", "500Mi").editMetadata().addToLabels("color", "blue").endMetadata()
                .editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("DoNotSchedule")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("color", "blue").build()).build())
                .endSpec().build();
    }

    private static Pod lowPriority(String name) {
        return pod(name, "900m", "500Mi").editSpec().withPriorityClassName("bench-low")
                .withTerminationGracePeriodSeconds(0L).endSpec().build();
    }

    private static Pod highPriority(String name) {
        return pod(name, "3000m", "500Mi").editSpec().withPriorityClassName("bench-high").endSpec().build();
    }

    // ---- running one workload

    private static Result run(Workload w, int round) throws Exception {
        log("%s: starting the API server", w.name());
        try (JubeCluster cluster = JubeCluster.start()) {
            KubernetesClient client = cluster.newClient();
            for (var e : Map.of("bench-low", 1, "bench-high", 10).entrySet()) {
                client.scheduling().v1().priorityClasses().resource(new PriorityClassBuilder().withNewMetadata()
                        .withName(e.getKey()).endMetadata().withValue(e.getValue()).build()).create();
            }
            ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
            try {
                long t = System.nanoTime();
                parallel(creators, w.nodes(), i -> {
                    Node n = node(i);
                    NodeStatus status = n.getStatus();
                    Node created = client.nodes().resource(n).create();
                    // Upstream keeps a node's status on create; a server that drops it gets it as a kubelet sends it.
                    if (created.getStatus() == null || created.getStatus().getAllocatable() == null
                            || created.getStatus().getAllocatable().isEmpty()) {
                        client.nodes().withName(n.getMetadata().getName()).editStatus(x -> {
                            x.setStatus(status);
                            return x;
                        });
                    }
                });
                log("%s: %d nodes in %.1f s", w.name(), w.nodes(), (System.nanoTime() - t) / 1e9);

                SSLContext tls = AdminTls.load(cluster.kubeconfig().getParent());
                SchedulerConfig config = SchedulerConfig.defaults()
                        .withLeaderElection(SchedulerConfig.LeaderElection.disabled());
                try (BindWatch binds = new BindWatch(cluster.url(), tls, "default");
                     PodCreator pods = new PodCreator(cluster.url(), tls);
                     SchedulerServer scheduler = SchedulerServer.start(cluster.newClient(), config)) {
                    t = System.nanoTime();
                    pods.createAll("default", w.initPods(), body(w.init()), i -> { });
                    binds.await(prefix(w.init()), w.initPods(), TIMEOUT_SECONDS, SchedulerBench::progress);
                    log("%s: %d pods placed in %.1f s", w.name(), w.initPods(), (System.nanoTime() - t) / 1e9);

                    String prefix = prefix(w.measured());
                    long[] created = new long[w.measuredPods()];
                    ThreadCpu cpu = new ThreadCpu();
                    t = System.nanoTime();
                    pods.createAll("default", w.measuredPods(), body(w.measured()), i -> created[i] = System.nanoTime());
                    log("%s: %d measured pods created in %.1f s", w.name(), w.measuredPods(),
                            (System.nanoTime() - t) / 1e9);
                    binds.await(prefix, w.measuredPods(), TIMEOUT_SECONDS, SchedulerBench::progress);
                    System.err.print(cpu.report());
                    double[] latencies = new double[w.measuredPods()];
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    for (int i = 0; i < w.measuredPods(); i++) {
                        long bound = binds.boundAt.get(prefix + i);
                        first = Math.min(first, bound);
                        last = Math.max(last, bound);
                        latencies[i] = (bound - created[i]) / 1e6;
                    }
                    double seconds = (last - first) / 1e9;
                    double rate = w.measuredPods() / Math.max(seconds, 1e-9);
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                    log("%s: %.0f pods/s over %.1f s, p99 %.0f ms, heap %d MB (scheduler attempts %d)", w.name(),
                            rate, seconds, Stats.percentile(latencies, 99), heap,
                            scheduler.scheduler().attemptCount());
                    return new Result(w, round, rate, Stats.median(latencies), Stats.percentile(latencies, 99), heap,
                            seconds);
                }
            } finally {
                creators.shutdownNow();
            }
        }
    }

    private interface IntTask {
        void run(int i) throws Exception;
    }

    /** Runs {@code task(0..n-1)} on the pool, failing on the first error. */
    private static void parallel(ExecutorService pool, int n, IntTask task) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        int chunk = (n + CREATORS - 1) / CREATORS;
        for (int c = 0; c < CREATORS; c++) {
            int from = c * chunk;
            int to = Math.min(n, from + chunk);
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    task.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** The part of the pods' names before their number ("pod-" of pod-0, pod-1, ...). */
    private static String prefix(IntFunction<Pod> pods) {
        return pods.apply(0).getMetadata().getName().replaceAll("0$", "");
    }

    private static void progress(int bound) {
        log("  %d bound", bound);
    }

    /** Each pod's JSON: the first one written once, with only the name changed (the creators should not cost CPU). */
    private static IntFunction<String> body(IntFunction<Pod> pods) {
        Pod first = pods.apply(0);
        String name = first.getMetadata().getName();
        String template = Serialization.asJson(first);
        String quoted = "\"" + name + "\"";
        if (template.indexOf(quoted) != template.lastIndexOf(quoted)) {
            throw new IllegalStateException("the pod's name appears twice in its JSON: " + template);
        }
        String prefix = prefix(pods);
        return i -> template.replace(quoted, "\"" + prefix + i + "\"");
    }
}
