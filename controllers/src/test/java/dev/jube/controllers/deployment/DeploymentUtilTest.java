package dev.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentUtilTest {

    static Deployment rolling(int replicas, Object surge, Object unavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(surge)).withMaxUnavailable(new IntOrString(unavailable))
                .endRollingUpdate().endStrategy().endSpec().build();
    }

    static ReplicaSet rs(String name, int spec, int status, String revision) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withName(name)
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withReplicas(spec).endSpec().withNewStatus().withReplicas(status).endStatus();
        if (revision != null) {
            b.editMetadata().addToAnnotations(DeploymentUtil.REVISION, revision).endMetadata();
        }
        return b.build();
    }

    @Test
    void defaultsAreUpstreams() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec()
                .withReplicas(4).endSpec().build();
        assertThat(DeploymentUtil.maxSurge(d)).isEqualTo(1);
        assertThat(DeploymentUtil.maxUnavailable(d)).isEqualTo(1);
        assertThat(DeploymentUtil.revisionHistoryLimit(d)).isEqualTo(10);
        assertThat(DeploymentUtil.progressDeadlineSeconds(d)).isEqualTo(600);
        Deployment recreate = new DeploymentBuilder(d).editSpec().withNewStrategy().withType("Recreate").endStrategy()
                .endSpec().build();
        assertThat(DeploymentUtil.maxSurge(recreate)).isZero();
        assertThat(DeploymentUtil.maxUnavailable(recreate)).isZero();
    }

    @Test
    void aReplicaSetWhoseStatusStillCountsPodsAboveItsNewSizeHasNoneUnavailable() {
        ReplicaSet shrunk = new ReplicaSetBuilder(rs("old", 7, 8, "1")).editStatus().withAvailableReplicas(8)
                .endStatus().build();
        assertThat(DeploymentUtil.unavailableReplicas(shrunk)).isZero();
        ReplicaSet starting = new ReplicaSetBuilder(rs("new", 5, 5, "2")).editStatus().withAvailableReplicas(2)
                .endStatus().build();
        assertThat(DeploymentUtil.unavailableReplicas(starting)).isEqualTo(3);
        // The pod above the shrunk one's size is about to go: it does not count towards availability.
        assertThat(DeploymentUtil.keptAvailableReplicaCount(List.of(shrunk, starting))).isEqualTo(9);
        assertThat(DeploymentUtil.availableReplicaCount(List.of(shrunk, starting))).isEqualTo(10);
    }

    @Test
    void maxUnavailableIsCappedAtReplicas() {
        assertThat(DeploymentUtil.maxUnavailable(rolling(3, 1, 5))).isEqualTo(3);
    }

    @Test
    void theNewReplicaSetGrowsWithinTheSurgeCountingPodsOfOldOnesStillThere() {
        Deployment d = rolling(4, 1, 1);
        ReplicaSet old = rs("old", 3, 3, "1");
        ReplicaSet fresh = rs("new", 1, 0, "2");
        assertThat(DeploymentUtil.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(2);
        // The old ReplicaSet was scaled to 2 but still has 3 pods: no room yet.
        ReplicaSet shrinking = rs("old", 2, 3, "1");
        ReplicaSet fresh2 = rs("new", 2, 1, "2");
        assertThat(DeploymentUtil.newReplicaSetReplicas(d, List.of(shrinking, fresh2), fresh2)).isEqualTo(2);
        ReplicaSet shrunk = rs("old", 2, 2, "1");
        assertThat(DeploymentUtil.newReplicaSetReplicas(d, List.of(shrunk, fresh2), fresh2)).isEqualTo(3);
    }

    @Test
    void proportionsFollowTheSizeEachReplicaSetWasMadeFor() {
        Deployment d = rolling(15, 3, 2);
        ReplicaSet old = rs("old", 8, 8, "1");
        ReplicaSet fresh = rs("new", 5, 5, "2");
        DeploymentUtil.setReplicasAnnotations(old, 10, 13);
        DeploymentUtil.setReplicasAnnotations(fresh, 10, 13);
        int toAdd = 18 - 13;
        int forOld = DeploymentUtil.proportion(old, d, toAdd, 0);
        int forNew = DeploymentUtil.proportion(fresh, d, toAdd, forOld);
        assertThat(forOld).isEqualTo(3);
        assertThat(forNew).isEqualTo(2);
    }

    @Test
    void reusingAnOldReplicaSetKeepsItsEarlierRevisionsInTheHistory() {
        Deployment d = rolling(1, 1, 0);
        ReplicaSet rs = rs("rs", 0, 0, "1");
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "3", true)).isTrue();
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3")
                .containsEntry(DeploymentUtil.REVISION_HISTORY, "1");
        DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "5", true);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "5")
                .containsEntry(DeploymentUtil.REVISION_HISTORY, "1,3");
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "4", true)).as("never goes back").isFalse();
    }

    @Test
    void aNewReplicaSetGetsTheDeploymentsAnnotationsAndItsReplicaAnnotations() {
        Deployment d = new DeploymentBuilder(rolling(4, 1, 1)).editMetadata().addToAnnotations("team", "a")
                .addToAnnotations(DeploymentUtil.LAST_APPLIED, "{}").endMetadata().build();
        ReplicaSet rs = rs("rs", 0, 0, null);
        DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "1", false);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("team", "a")
                .doesNotContainKey(DeploymentUtil.LAST_APPLIED)
                .containsEntry(DeploymentUtil.REVISION, "1")
                .containsEntry(DeploymentUtil.DESIRED_REPLICAS, "4")
                .containsEntry(DeploymentUtil.MAX_REPLICAS, "5");
    }
}
