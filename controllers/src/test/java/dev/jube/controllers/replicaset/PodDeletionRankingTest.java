package dev.jube.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodDeletionRankingTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static PodBuilder pod(String name, String node, String phase, boolean ready) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp("2026-01-01T10:00:00Z").endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (ready) {
            b.editStatus().addNewCondition().withType("Ready").withStatus("True")
                    .withLastTransitionTime("2026-01-01T10:00:00Z").endCondition().endStatus();
        }
        return b;
    }

    static List<String> order(Pod... pods) {
        List<Pod> list = new ArrayList<>(List.of(pods));
        return PodDeletionRanking.podsToDelete(list, list, pods.length - 1, NOW).stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyGoFirst() {
        Pod running = pod("running", "n1", "Running", true).build();
        Pod notReady = pod("not-ready", "n2", "Running", false).build();
        Pod pending = pod("pending", "n3", "Pending", false).build();
        Pod unknown = pod("unknown", "n4", "Unknown", false).build();
        Pod unscheduled = pod("unscheduled", null, "Pending", false).build();
        assertThat(order(running, notReady, pending, unknown, unscheduled))
                .containsExactly("unscheduled", "pending", "unknown", "not-ready");
    }

    @Test
    void lowerDeletionCostGoesFirst() {
        Pod cheap = pod("cheap", "n1", "Running", true).editMetadata()
                .addToAnnotations(PodDeletionRanking.DELETION_COST, "-5").endMetadata().build();
        Pod dear = pod("dear", "n2", "Running", true).editMetadata()
                .addToAnnotations(PodDeletionRanking.DELETION_COST, "100").endMetadata().build();
        Pod plain = pod("plain", "n3", "Running", true).build();
        assertThat(order(dear, plain, cheap)).containsExactly("cheap", "plain");
    }

    @Test
    void podsDoubledUpOnANodeGoFirst() {
        Pod alone = pod("alone", "n1", "Running", true).build();
        Pod crowdedA = pod("crowded-a", "n2", "Running", true).build();
        Pod crowdedB = pod("crowded-b", "n2", "Running", true).build();
        List<Pod> pods = List.of(alone, crowdedA, crowdedB);
        List<Pod> victims = PodDeletionRanking.podsToDelete(pods, pods, 1, NOW);
        assertThat(victims).extracting(p -> p.getMetadata().getName()).containsAnyOf("crowded-a", "crowded-b")
                .doesNotContain("alone");
    }

    @Test
    void readyForLessTimeThenMoreRestartsThenNewerGoFirst() {
        Pod longReady = pod("long-ready", "n1", "Running", true).build();
        Pod recentlyReady = pod("recently-ready", "n2", "Running", true).editStatus().editFirstCondition()
                .withLastTransitionTime("2026-01-01T11:59:50Z").endCondition().endStatus().build();
        assertThat(order(longReady, recentlyReady)).containsExactly("recently-ready");

        Pod restarted = pod("restarted", "n1", "Running", true).editStatus().addNewContainerStatus().withName("c")
                .withRestartCount(4).endContainerStatus().endStatus().build();
        Pod steady = pod("steady", "n2", "Running", true).build();
        assertThat(order(steady, restarted)).containsExactly("restarted");

        Pod older = pod("older", "n1", "Running", false).build();
        Pod newer = pod("newer", "n2", "Running", false).editMetadata()
                .withCreationTimestamp("2026-01-01T11:59:00Z").endMetadata().build();
        assertThat(order(older, newer)).containsExactly("newer");
    }

    @Test
    void timesInTheSameLogarithmicBucketAreTiedAndBrokenByUid() {
        // 2h and 2h05m old: same power-of-two bucket of nanoseconds, so the uid decides.
        Pod b = pod("b", "n1", "Running", false).build();
        Pod a = pod("a", "n2", "Running", false).editMetadata().withCreationTimestamp("2026-01-01T09:55:00Z")
                .endMetadata().build();
        assertThat(PodDeletionRanking.logBucket(Instant.parse("2026-01-01T10:00:00Z"), NOW))
                .isEqualTo(PodDeletionRanking.logBucket(Instant.parse("2026-01-01T09:55:00Z"), NOW));
        assertThat(order(b, a)).containsExactly("a");
    }

    @Test
    void deletingAtLeastAllPodsReturnsThemAll() {
        Pod p = pod("p", "n1", "Running", true).withMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("p").withLabels(Map.of()).build()).build();
        assertThat(PodDeletionRanking.podsToDelete(List.of(p), List.of(p), 3, NOW)).containsExactly(p);
    }

    @Test
    void readyTimesEqualOrInOneBucketStillGiveATotalOrder() {
        // Equal ready times fall through to later rules while near ones share a bucket: mixed in
        // one list, an ordering that is not transitive makes the sort throw.
        List<Pod> pods = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 500; i++) {
            String ready = "2026-01-01T10:0" + random.nextInt(4) + ":0" + random.nextInt(2) + "Z";
            pods.add(pod("p" + i, "n" + (i % 50), "Running", false).editStatus().addNewCondition().withType("Ready")
                    .withStatus("True").withLastTransitionTime(ready).endCondition().endStatus()
                    .editMetadata().withCreationTimestamp(ready).endMetadata()
                    .editStatus().addNewContainerStatus().withName("c").withRestartCount(random.nextInt(3))
                    .endContainerStatus().endStatus().build());
        }
        List<Pod> first = PodDeletionRanking.podsToDelete(pods, pods, 250, NOW);
        java.util.Collections.shuffle(pods, random);
        assertThat(PodDeletionRanking.podsToDelete(pods, pods, 250, NOW)).containsExactlyElementsOf(first);
    }
}
