package dev.jube.scheduler;

import dev.jube.bench.SchedulerBench;
import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.plugins.Plugins;
import dev.jube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduling cycle alone, without an API server: SchedulingBasic's cluster (5,000 nodes,
 * 1,000 pods placed) in the cache, then pods scheduled and assumed one after another on the
 * calling thread. Prints microseconds per pod, which bounds what the scheduler can do when the
 * API server is not the limit. Usage: {@code SchedulingCycleBench [parallelism]}.
 */
public final class SchedulingCycleBench {

    public static void main(String[] args) throws Exception {
        int parallelism = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        for (int round = 0; round < 3; round++) {
            Framework fwk = Plugins.defaultProfile("default-scheduler").build(Plugins.registry(null),
                    Handle.forTests());
            SchedulerCache cache = new SchedulerCache();
            Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), cache,
                    new SchedulingQueue(fwk.queueSort(), fwk.eventsToRegister(), Duration.ofSeconds(1),
                            Duration.ofSeconds(10), Duration.ofMinutes(5), System::currentTimeMillis),
                    SchedulerConfig.defaults().withParallelism(parallelism), null, null, null);
            for (int i = 0; i < 5_000; i++) {
                cache.addNode(SchedulerBench.node(i));
            }
            for (int i = 0; i < 1_000; i++) {
                schedule(scheduler, fwk, cache, pod("init-" + i));
            }
            int n = 10_000;
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                schedule(scheduler, fwk, cache, pod("pod-" + i));
            }
            double micros = (System.nanoTime() - t) / 1e3 / n;
            System.out.printf(Locale.ROOT, "parallelism %d: %.1f us per pod (%.0f pods/s)%n", parallelism, micros,
                    1e6 / micros);
            scheduler.close();
        }
    }

    private static void schedule(Scheduler scheduler, Framework fwk, SchedulerCache cache, Pod p) throws Exception {
        PodInfo info = new PodInfo(p);
        String host = scheduler.schedulePod(fwk, new CycleState(), info, cache.snapshot());
        cache.assume(info, host);
    }

    /** A pod as the API server stores it: defaulted priority, scheduler name and tolerations. */
    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withSchedulerName("default-scheduler").withPriority(0)
                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/not-ready")
                        .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).build())
                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/unreachable")
                        .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).build())
                .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("500Mi")).endResources().endContainer().endSpec().build();
    }
}
