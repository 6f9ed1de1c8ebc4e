package dev.jube.scheduler.cache;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.onNode;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private final SchedulerCache cache = new SchedulerCache();

    @Test
    void assumedPodsCountAtOnceAndAreConfirmedByTheInformer() {
        cache.addNode(node("n", "4", "8Gi").build());
        Pod p = onNode(pod("p", "1", "1Gi").build(), "n");
        cache.assume(new PodInfo(p));
        assertThat(cache.snapshot().get("n").requested().milliCpu).isEqualTo(1000);
        assertThat(cache.isAssumed(p.getMetadata().getUid())).isTrue();
        cache.addPod(p);
        assertThat(cache.isAssumed(p.getMetadata().getUid())).isFalse();
        assertThat(cache.snapshot().get("n").requested().milliCpu).isEqualTo(1000);
        assertThat(cache.snapshot().get("n").pods()).hasSize(1);
    }

    @Test
    void forgettingAnAssumedPodFreesItsResources() {
        cache.addNode(node("n", "4", "8Gi").build());
        PodInfo p = new PodInfo(onNode(pod("p", "1", "1Gi").build(), "n"));
        cache.assume(p);
        cache.forget(p);
        assertThat(cache.snapshot().get("n").requested().milliCpu).isZero();
        assertThat(cache.podCount()).isZero();
    }

    @Test
    void snapshotNodesAreCopiesUnaffectedByLaterChanges() {
        cache.addNode(node("a", "4", "8Gi").build());
        cache.addNode(node("b", "4", "8Gi").build());
        Snapshot first = cache.snapshot();
        var firstA = first.get("a");
        var firstB = first.get("b");
        cache.addPod(onNode(pod("p", "2", null).build(), "a"));
        Snapshot second = cache.snapshot();
        assertThat(firstA.requested().milliCpu).isZero();
        assertThat(second.get("a").requested().milliCpu).isEqualTo(2000);
        // Unchanged nodes are shared between cycles rather than copied again.
        assertThat(second.get("b")).isSameAs(firstB);
        cache.addNode(node("c", "4", "8Gi").build());
        assertThat(cache.snapshot().size()).isEqualTo(3);
    }

    @Test
    void podsOutliveTheirNodeUntilDeleted() {
        cache.addNode(node("a", "4", "8Gi").build());
        Pod p = onNode(pod("p", "1", null).build(), "a");
        cache.addPod(p);
        cache.removeNode(node("a", "4", "8Gi").build());
        assertThat(cache.snapshot().size()).isZero();
        assertThat(cache.podCount()).isEqualTo(1);
        cache.addNode(node("a", "4", "8Gi").build());
        assertThat(cache.snapshot().get("a").requested().milliCpu).isEqualTo(1000);
        cache.removePod(p);
        assertThat(cache.snapshot().get("a").requested().milliCpu).isZero();
    }
}
