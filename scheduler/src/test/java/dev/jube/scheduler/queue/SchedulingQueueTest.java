package dev.jube.scheduler.queue;

import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.plugins.PrioritySort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SchedulingQueue queue = new SchedulingQueue(new PrioritySort(), Map.of(
            "NodeResourcesFit", List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_ALLOCATABLE),
                    ClusterEvent.of(Kind.ASSIGNED_POD, Action.DELETE)),
            "TaintToleration", List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_TAINT))),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);

    private static Pod prio(String name, int priority) {
        return new PodBuilder(pod(name, null, null).build()).editSpec().withPriority(priority).endSpec().build();
    }

    private String popName() throws InterruptedException {
        QueuedPodInfo q = queue.poll(Duration.ZERO);
        return q == null ? null : q.podInfo().name();
    }

    @Test
    void higherPriorityFirstThenOlderFirst() throws Exception {
        queue.add(prio("low-old", 0));
        now.addAndGet(10);
        queue.add(prio("high", 100));
        now.addAndGet(10);
        queue.add(prio("low-new", 0));
        queue.add(prio("mid", 50));
        assertThat(List.of(popName(), popName(), popName(), popName())).containsExactly("high", "mid", "low-old",
                "low-new");
        assertThat(popName()).isNull();
    }

    @Test
    void backoffDoublesFromOneToTenSeconds() {
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(queue::backoff).map(Duration::toMillis).toList())
                .containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
    }

    @Test
    void unschedulablePodsWaitForAnEventThatMayHelpThem() throws Exception {
        queue.add(prio("p", 0));
        QueuedPodInfo q = queue.pop();
        long cycle = queue.schedulingCycle();
        q.failed(Set.of("NodeResourcesFit"), false);
        queue.addUnschedulable(q, cycle);
        assertThat(queue.isUnschedulable("default", "p")).isTrue();
        // A taint change is irrelevant to a resources rejection.
        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.NODE, Action.UPDATE_NODE_TAINT));
        assertThat(queue.isUnschedulable("default", "p")).isTrue();
        // A new node may have room; the pod still backs off for its first attempt's second.
        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.NODE, Action.ADD));
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
        queue.flush();
        assertThat(popName()).isNull();
        now.addAndGet(1000);
        queue.flush();
        assertThat(popName()).isEqualTo("p");
    }

    @Test
    void aMoveDuringTheAttemptSendsTheFailedPodToBackoff() throws Exception {
        queue.add(prio("p", 0));
        QueuedPodInfo q = queue.pop();
        long cycle = queue.schedulingCycle();
        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.NODE, Action.ADD));
        q.failed(Set.of("NodeResourcesFit"), false);
        queue.addUnschedulable(q, cycle);
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 1, 0));
    }

    @Test
    void errorsGoToBackoffAndAnyEventHelpsPodsWithoutRejectingPlugins() throws Exception {
        queue.add(prio("err", 0));
        QueuedPodInfo q = queue.pop();
        q.failed(Set.of(), true);
        queue.addUnschedulable(q, queue.schedulingCycle());
        assertThat(queue.sizes().backoff()).isEqualTo(1);

        queue.add(prio("any", 0));
        QueuedPodInfo a = queue.pop();
        a.failed(Set.of(), false);
        queue.addUnschedulable(a, queue.schedulingCycle());
        assertThat(queue.isUnschedulable("default", "any")).isTrue();
        now.addAndGet(5000);
        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.STORAGE_CLASS, Action.ADD));
        assertThat(queue.isUnschedulable("default", "any")).isFalse();
    }

    @Test
    void podsLeaveTheUnschedulableSetAfterTheMaximumWait() throws Exception {
        queue.add(prio("p", 0));
        QueuedPodInfo q = queue.pop();
        q.failed(Set.of("TaintToleration"), false);
        queue.addUnschedulable(q, queue.schedulingCycle());
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        queue.flush();
        assertThat(popName()).isEqualTo("p");
    }

    @Test
    void aChangedPodSpecGivesAnUnschedulablePodANewChance() throws Exception {
        Pod p = prio("p", 0);
        queue.add(p);
        QueuedPodInfo q = queue.pop();
        q.failed(Set.of("TaintToleration"), false);
        queue.addUnschedulable(q, queue.schedulingCycle());
        Pod statusOnly = new PodBuilder(p).withNewStatus().withPhase("Pending").endStatus().build();
        queue.update(p, statusOnly);
        assertThat(queue.isUnschedulable("default", "p")).isTrue();
        Pod tolerating = new PodBuilder(p).editSpec().addNewToleration().withOperator("Exists").endToleration().endSpec()
                .build();
        now.addAndGet(2000);
        queue.update(p, tolerating);
        assertThat(popName()).isEqualTo("p");
    }

    @Test
    void deletedPodsLeaveTheQueue() throws Exception {
        Pod p = prio("p", 0);
        queue.add(p);
        queue.delete(p);
        assertThat(popName()).isNull();
    }

    @Test
    void closeWakesAWaitingPop() throws Exception {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.close();
        });
        t.start();
        assertThat(queue.pop()).isNull();
        t.join();
    }
}
