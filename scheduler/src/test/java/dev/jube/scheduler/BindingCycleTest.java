package dev.jube.scheduler;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.BindPlugin;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.PluginFactory;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;
import dev.jube.scheduler.plugins.DefaultBinder;
import dev.jube.scheduler.plugins.Plugins;
import dev.jube.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Binding cycles run beside the scheduling loop, each waiting on its own API call. */
class BindingCycleTest {

    private static final int PODS = 32;

    /** Binds only once every pod's bind is in flight at the same time, as a slow API server would force. */
    private static final class SlowApiBinder implements BindPlugin {
        final CountDownLatch allInFlight = new CountDownLatch(PODS);
        final AtomicInteger bound = new AtomicInteger();

        @Override
        public String name() {
            return DefaultBinder.NAME;
        }

        @Override
        public Status bind(CycleState state, PodInfo pod, String nodeName) {
            allInFlight.countDown();
            try {
                if (!allInFlight.await(20, TimeUnit.SECONDS)) {
                    return Status.error("only " + (PODS - allInFlight.getCount()) + " binds were in flight together");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.error("interrupted");
            }
            bound.incrementAndGet();
            return Status.SUCCESS;
        }
    }

    @Test
    void bindsWaitingOnTheApiServerDoNotHoldBackOtherPods() throws Exception {
        SlowApiBinder binder = new SlowApiBinder();
        Map<String, PluginFactory> registry = new HashMap<>(Plugins.registry(null));
        registry.put(DefaultBinder.NAME, (args, handle) -> binder);
        Framework fwk = Plugins.defaultProfile("default-scheduler").build(registry, Handle.forTests());
        SchedulerCache cache = new SchedulerCache();
        cache.addNode(node("n1", "64", "64Gi").build());
        SchedulingQueue queue = new SchedulingQueue(fwk.queueSort(), fwk.eventsToRegister(), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(5), System::currentTimeMillis);
        try (Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), cache, queue,
                SchedulerConfig.defaults().withParallelism(2), null, null, null)) {
            for (int i = 0; i < PODS; i++) {
                queue.add(pod("p" + i, "100m", "64Mi").build());
            }
            scheduler.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (scheduler.boundCount() < PODS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(binder.bound).hasValue(PODS);
            assertThat(scheduler.boundCount()).isEqualTo(PODS);
        }
    }
}
