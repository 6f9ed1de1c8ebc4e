package dev.jube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.ControllerManager;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.kubelet.hollow.HollowNodes;
import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole path with the real scheduler and hollow nodes: a node dies, its pods come back elsewhere. */
class HollowNodeDeathTest {

    @Test
    void aDeadNodesPodsAreEvictedAndRecreatedOnTheNodesThatAreLeft() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        try (JubeCluster cluster = JubeCluster.start();
             HollowNodes nodes = HollowNodes.start(cluster.newClient(), HollowNodes.Config.defaults(2)
                     .withHeartbeats(Duration.ofSeconds(4), Duration.ofMillis(500), Duration.ofSeconds(1))
                     .withPodTimes(Duration.ofMillis(100), Duration.ofSeconds(1)));
             SchedulerServer scheduler = SchedulerServer.start(cluster.newClient(), SchedulerConfig.defaults()
                     .withLeaderElection(SchedulerConfig.LeaderElection.disabled()));
             ControllerManager manager = ControllerManager.builder(cluster.newClient()).leaderElection(null)
                     .controller(() -> new NodeLifecycleController(Duration.ofSeconds(3)))
                     .controller(TaintEvictionController::new)
                     .controller(ReplicaSetController::new)
                     .build().start()) {
            KubernetesClient client = cluster.client();
            Map<String, String> labels = Map.of("app", "web");
            client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder().withNewMetadata()
                    .withName("web").endMetadata().withNewSpec().withReplicas(4).withNewSelector()
                    .withMatchLabels(labels).endSelector().withNewTemplate().withNewMetadata().withLabels(labels)
                    .endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer()
                    // Shorter than the default 300 s, so the test does not wait five minutes.
                    .withTolerations(new TolerationBuilder().withKey(NodeTaints.UNREACHABLE).withOperator("Exists")
                            .withEffect("NoExecute").withTolerationSeconds(1L).build())
                    .endSpec().endTemplate().endSpec().build()).create();
            await().atMost(Duration.ofSeconds(60)).until(() -> running(client).size() == 4);
            String dead = nodes.nodeNames().stream()
                    .filter(n -> running(client).stream().anyMatch(p -> n.equals(p.getSpec().getNodeName())))
                    .findFirst().orElseThrow();
            String alive = nodes.nodeNames().stream().filter(n -> !n.equals(dead)).findFirst().orElseThrow();

            nodes.stop(dead);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<Pod> running = running(client);
                assertThat(running).hasSize(4);
                assertThat(running).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(alive));
            });
            var node = client.nodes().withName(dead).get();
            assertThat(NodeTaints.condition(node, "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(node.getSpec().getTaints()).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo(NodeTaints.UNREACHABLE);
                assertThat(t.getEffect()).isEqualTo("NoExecute");
            });
        }
    }

    /** Pods of the ReplicaSet that are running, ready and not being deleted. */
    private static List<Pod> running(KubernetesClient client) {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Pods.isReady(p)
                        && "Running".equals(p.getStatus().getPhase()))
                .toList();
    }
}
