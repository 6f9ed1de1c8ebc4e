package dev.jube.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real scheduler places pods on hollow nodes, which then run them. */
class HollowNodesSchedulerTest {

    @Test
    void scheduledPodsRunSpreadOverTheNodes() throws Exception {
        try (JubeCluster cluster = JubeCluster.start();
                HollowNodes nodes = HollowNodes.start(cluster.newClient(), HollowNodes.Config.defaults(3)
                        .withPodTimes(Duration.ofMillis(100), Duration.ofSeconds(1)));
                SchedulerServer scheduler = SchedulerServer.start(cluster.newClient(), SchedulerConfig.defaults()
                        .withLeaderElection(SchedulerConfig.LeaderElection.disabled()))) {
            KubernetesClient client = cluster.client();
            for (int i = 0; i < 20; i++) {
                client.pods().inNamespace("default").resource(new PodBuilder()
                        .withNewMetadata().withName("p" + i).endMetadata()
                        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1.36")
                        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                        .endResources().endContainer().endSpec()
                        .build()).create();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<Pod> pods = client.pods().inNamespace("default").list().getItems();
                assertThat(pods).hasSize(20).allSatisfy(p -> {
                    assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                    assertThat(HollowNodesTestSupport.condition(p, "Ready")).isEqualTo("True");
                });
            });
            Map<String, Long> perNode = client.pods().inNamespace("default").list().getItems().stream()
                    .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
            assertThat(perNode.keySet()).containsExactlyInAnyOrderElementsOf(nodes.nodeNames());
            assertThat(client.pods().inNamespace("default").list().getItems().stream()
                    .map(p -> p.getStatus().getPodIP()).distinct().count()).isEqualTo(20);
        }
    }
}
