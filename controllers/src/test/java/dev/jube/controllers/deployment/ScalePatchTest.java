package dev.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The size write against the API server: what a stale copy may and may not overwrite. */
class ScalePatchTest {

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

    private static ReplicaSet create(String name, boolean annotated) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec();
        if (annotated) {
            b.editMetadata().addToAnnotations("deployment.kubernetes.io/revision", "1").endMetadata();
        }
        return client.apps().replicaSets().inNamespace("default").resource(b.build()).create();
    }

    @Test
    void aCopyStaleOnlyInItsStatusIsScaledAndAnnotated() {
        ReplicaSet read = create("status-moved", true);
        client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder(read)
                .withNewStatus().withReplicas(2).withAvailableReplicas(1).endStatus().build()).updateStatus();
        ReplicaSet written = ScalePatch.write(client, read, 5, 4, 5);
        assertThat(written.getSpec().getReplicas()).isEqualTo(5);
        assertThat(written.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry(DeploymentUtil.DESIRED_REPLICAS, "4")
                .containsEntry(DeploymentUtil.MAX_REPLICAS, "5");
        assertThat(written.getStatus().getAvailableReplicas()).isEqualTo(1);
    }

    @Test
    void aReplicaSetWithoutAnnotationsGetsThem() {
        ReplicaSet written = ScalePatch.write(client, create("bare", false), 3, 3, 4);
        assertThat(written.getMetadata().getAnnotations())
                .containsEntry(DeploymentUtil.DESIRED_REPLICAS, "3").containsEntry(DeploymentUtil.MAX_REPLICAS, "4");
    }

    @Test
    void aCopyWhoseSpecChangedSinceIsAConflictAndWritesNothing() {
        ReplicaSet read = create("spec-moved", true);
        client.apps().replicaSets().inNamespace("default").withName("spec-moved")
                .edit(rs -> new ReplicaSetBuilder(rs).editSpec().withReplicas(7).endSpec().build());
        assertThatThrownBy(() -> ScalePatch.write(client, read, 1, 1, 2))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.apps().replicaSets().inNamespace("default").withName("spec-moved").get().getSpec()
                .getReplicas()).isEqualTo(7);
    }

    @Test
    void aCopyOfADeletedAndRecreatedReplicaSetIsAConflict() {
        ReplicaSet read = create("replaced", true);
        client.apps().replicaSets().inNamespace("default").withName("replaced").withGracePeriod(0).delete();
        org.awaitility.Awaitility.await().until(() ->
                client.apps().replicaSets().inNamespace("default").withName("replaced").get() == null);
        create("replaced", true);
        assertThatThrownBy(() -> ScalePatch.write(client, read, 1, 1, 2))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
}
