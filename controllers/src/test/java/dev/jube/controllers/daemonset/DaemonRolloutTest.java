package dev.jube.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.controllers.history.RevisionHistory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DaemonRolloutTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    static Pod pod(String name, String hash, boolean ready) {
        return pod(name, hash, ready, "2026-01-01T00:00:00Z");
    }

    static Pod pod(String name, String hash, boolean ready, String since) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels(RevisionHistory.HASH_LABEL, hash)
                .endMetadata().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").withLastTransitionTime(since).endCondition()
                .endStatus().build();
    }

    static Map<String, List<Pod>> nodes(Object... nodeAndPods) {
        Map<String, List<Pod>> m = new TreeMap<>();
        for (int i = 0; i < nodeAndPods.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Pod> pods = (List<Pod>) nodeAndPods[i + 1];
            m.put((String) nodeAndPods[i], pods);
        }
        return m;
    }

    @Test
    void withoutSurgeDeletesOldPodsUpToMaxUnavailable() {
        var plan = DaemonRollout.plan(nodes("a", List.of(pod("a1", "old", true)), "b", List.of(pod("b1", "old", true)),
                "c", List.of(pod("c1", "old", true))), "new", 0, 2, 0, NOW);
        assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactly("a1", "b1");
        assertThat(plan.createOn()).isEmpty();
    }

    @Test
    void withoutSurgeAnUnavailableNewPodUsesTheBudget() {
        var plan = DaemonRollout.plan(nodes("a", List.of(pod("a2", "new", false)), "b", List.of(pod("b1", "old", true))),
                "new", 0, 1, 0, NOW);
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void unavailableOldPodsAreReplacedAtOnce() {
        var plan = DaemonRollout.plan(nodes("a", List.of(pod("a1", "old", false)), "b", List.of(pod("b1", "old", true))),
                "new", 0, 1, 0, NOW);
        assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactly("a1");
    }

    @Test
    void minReadySecondsDecidesAvailability() {
        var plan = DaemonRollout.plan(nodes("a", List.of(pod("a2", "new", true, "2026-01-01T00:09:30Z")),
                "b", List.of(pod("b1", "old", true))), "new", 0, 1, 60, NOW);
        // a2 has been ready for half a minute, short of minReadySeconds: still unavailable.
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void withSurgeStartsNewPodsThenDeletesOldOnesOnceTheNewAreAvailable() {
        var start = DaemonRollout.plan(nodes("a", List.of(pod("a1", "old", true)), "b", List.of(pod("b1", "old", true))),
                "new", 1, 0, 0, NOW);
        assertThat(start.createOn()).containsExactly("a");
        assertThat(start.delete()).isEmpty();

        var waiting = DaemonRollout.plan(nodes("a", List.of(pod("a1", "old", true), pod("a2", "new", false)),
                "b", List.of(pod("b1", "old", true))), "new", 1, 0, 0, NOW);
        assertThat(waiting.createOn()).isEmpty();
        assertThat(waiting.delete()).isEmpty();

        var handOver = DaemonRollout.plan(nodes("a", List.of(pod("a1", "old", true), pod("a2", "new", true)),
                "b", List.of(pod("b1", "old", true))), "new", 1, 0, 0, NOW);
        assertThat(handOver.delete()).extracting(p -> p.getMetadata().getName()).containsExactly("a1");
        assertThat(handOver.createOn()).containsExactly("b");
    }
}
