package dev.jube.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.ControllerManager;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodGcControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(() -> new PodGcController(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static Pod pod(KubernetesClient client, String ns, String name, String node) {
        return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
    }

    @Test
    void podsBoundToMissingOrDeletedNodesAreDeleted() {
        String ns = cluster.newNamespace();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("kept").endMetadata().build()).create();
        pod(client, ns, "on-ghost", "ghost");
        pod(client, ns, "on-doomed", "doomed");
        pod(client, ns, "on-kept", "kept");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.pods().inNamespace(ns).withName("on-ghost").get() == null);
        assertThat(client.pods().inNamespace(ns).withName("on-doomed").get()).isNotNull();
        client.nodes().withName("doomed").delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.pods().inNamespace(ns).withName("on-doomed").get() == null);
        assertThat(client.pods().inNamespace(ns).withName("on-kept").get()).isNotNull();
    }

    @Test
    void theOldestTerminatedPodsBeyondTheThresholdAreDeleted() throws Exception {
        // Its own cluster, so no other test's pods count towards the threshold.
        try (JubeCluster own = JubeCluster.start();
             ControllerManager manager = ControllerManager.builder(own.newClient()).leaderElection(null)
                     .controller(() -> new PodGcController(3, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                     .build().start()) {
            KubernetesClient c = own.client();
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("done").endMetadata().build())
                    .create();
            for (int i = 0; i < 5; i++) {
                Pod p = pod(c, "done", "p-" + i, null);
                c.pods().inNamespace("done").resource(new PodBuilder(p).editOrNewStatus().withPhase("Succeeded")
                        .endStatus().build()).updateStatus();
            }
            pod(c, "done", "running", null);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(c.pods().inNamespace("done").list()
                    .getItems()).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("p-2", "p-3", "p-4", "running"));
        }
    }
}
