package dev.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MergePatchesTest {

    static JubeCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ReplicaSet create(String name) {
        return client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    private static ReplicaSetStatus status(ReplicaSet rs, int replicas, Integer ready) {
        return new ReplicaSetStatusBuilder().withReplicas(replicas).withReadyReplicas(ready)
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
    }

    private static ReplicaSet patch(ReplicaSet read, int replicas, Integer ready) {
        return MergePatches.patchStatus(client, read, read.getStatus(), status(read, replicas, ready));
    }

    @Test
    void aStatusComputedFromAnOlderCopyIsWrittenAfterAnotherWriterChangedTheSpec() {
        ReplicaSet read = create("spec-changed");
        client.apps().replicaSets().inNamespace("default").withName("spec-changed")
                .edit(rs -> new ReplicaSetBuilder(rs).editSpec().withReplicas(3).endSpec().build());
        // What an update of the status from the same copy does: 409.
        assertThatThrownBy(() -> client.apps().replicaSets().inNamespace("default")
                .resource(new ReplicaSetBuilder(read).withStatus(status(read, 2, 2)).build()).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        ReplicaSet stored = patch(read, 2, 2);

        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(stored.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void fieldsTheNewStatusLeavesOutAreRemovedAndAnUnchangedStatusIsNotWritten() {
        ReplicaSet created = create("fields");
        ReplicaSet read = patch(created, 2, 2);
        assertThat(read.getStatus().getReadyReplicas()).isEqualTo(2);

        ReplicaSet stored = patch(read, 1, null);
        assertThat(stored.getStatus().getReplicas()).isEqualTo(1);
        assertThat(stored.getStatus().getReadyReplicas()).isNull();

        ReplicaSet again = patch(stored, 1, null);
        assertThat(again).isSameAs(stored);
    }

    @Test
    void aStatusMeantForADeletedObjectIsRefusedByItsSuccessor() {
        ReplicaSet read = create("replaced");
        client.apps().replicaSets().inNamespace("default").withName("replaced").withGracePeriod(0).delete();
        await().until(() ->
                client.apps().replicaSets().inNamespace("default").withName("replaced").get() == null);
        create("replaced");

        assertThatThrownBy(() -> patch(read, 2, 2))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
}
