package dev.jube.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** JubeCluster finds hollow nodes and the scheduler on the classpath and runs them next to its API server. */
class JubeClusterHollowNodesTest {

    @Test
    void clusterWithHollowNodesAndSchedulerRunsAPod() throws Exception {
        try (JubeCluster cluster = JubeCluster.builder().hollowNodes(3).scheduler().start()) {
            KubernetesClient client = cluster.client();
            assertThat(client.nodes().list().getItems()).hasSize(3).allSatisfy(n -> assertThat(
                    n.getStatus().getConditions()).anyMatch(c -> "Ready".equals(c.getType())
                            && "True".equals(c.getStatus())));
            client.pods().inNamespace("default").resource(new PodBuilder()
                    .withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec()
                    .build()).create();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Pod pod = client.pods().inNamespace("default").withName("web").get();
                assertThat(pod.getSpec().getNodeName()).startsWith("hollow-node-");
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                assertThat(pod.getStatus().getPodIP()).isNotBlank();
            });
        }
    }
}
