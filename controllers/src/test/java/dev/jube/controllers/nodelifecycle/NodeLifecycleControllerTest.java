package dev.jube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.HandMadeNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeLifecycleControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(() -> new NodeLifecycleController(Duration.ofSeconds(3)),
                TaintEvictionController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static Pod pod(String ns, String name, String node, List<Toleration> tolerations) {
        return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).withTolerations(tolerations)
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
    }

    static Toleration unreachable(Long seconds) {
        return new TolerationBuilder().withKey(NodeTaints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }

    static List<String> taintIds(Node node) {
        return node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    static NodeCondition condition(Node node, String type) {
        return NodeTaints.condition(node, type);
    }

    @Test
    void aNodeWhoseLeaseStopsRenewingBecomesUnknownIsTaintedAndItsPodsAreEvictedAfterTheirTolerationSeconds() {
        String ns = cluster.newNamespace();
        try (HandMadeNode node = HandMadeNode.register(cluster.newClient(), "lease-node")) {
            pod(ns, "defaults", node.name(), null); // the API server adds the 300 s tolerations
            pod(ns, "short", node.name(), List.of(unreachable(2L)));
            pod(ns, "forever", node.name(), List.of(unreachable(null)));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(ns).list().getItems()
                    .stream().filter(Pods::isReady).count() == 3);
            Pod defaults = client.pods().inNamespace(ns).withName("defaults").get();
            assertThat(defaults.getSpec().getTolerations()).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo(NodeTaints.UNREACHABLE);
                assertThat(t.getTolerationSeconds()).isEqualTo(300L);
            });
            // From here on only the controllers change pod status, as with a dead kubelet.
            cluster.kubelet().pause();
            node.stopRenewing();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Node n = node.get();
                NodeCondition ready = condition(n, "Ready");
                assertThat(ready.getStatus()).isEqualTo("Unknown");
                assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
                assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
                assertThat(condition(n, "MemoryPressure").getStatus()).isEqualTo("Unknown");
                assertThat(condition(n, "DiskPressure").getStatus()).isEqualTo("Unknown");
                assertThat(condition(n, "DiskPressure").getReason()).isEqualTo("NodeStatusNeverUpdated");
                assertThat(taintIds(n)).contains(NodeTaints.UNREACHABLE + ":NoExecute",
                        NodeTaints.UNREACHABLE + ":NoSchedule");
                Taint noExecute = n.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect()))
                        .findFirst().orElseThrow();
                assertThat(noExecute.getTimeAdded()).isNotNull();
            });
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(client.pods().inNamespace(ns).withName("short").get()).isNull();
                Pod forever = client.pods().inNamespace(ns).withName("forever").get();
                assertThat(Pods.isReady(forever)).isFalse();
                assertThat(Pods.isReady(client.pods().inNamespace(ns).withName("defaults").get())).isFalse();
            });
            assertThat(client.pods().inNamespace(ns).withName("defaults").get().getMetadata().getDeletionTimestamp())
                    .isNull();
            assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("TaintManagerEviction"));

            // The kubelet comes back: the taints go.
            node.startRenewing();
            node.postReady("True");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(taintIds(node.get())).isEmpty());
            assertThat(client.pods().inNamespace(ns).withName("forever").get()).isNotNull();
        } finally {
            cluster.kubelet().resume();
        }
    }

    @Test
    void taintsFollowConditionsAndCordoning() {
        try (HandMadeNode node = HandMadeNode.register(cluster.newClient(), "cond-node")) {
            node.postReady("False");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(taintIds(node.get()))
                    .containsExactlyInAnyOrder(NodeTaints.NOT_READY + ":NoExecute", NodeTaints.NOT_READY + ":NoSchedule"));
            client.nodes().withName(node.name()).edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(true)
                    .endSpec().build());
            node.postReady("True");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(taintIds(node.get()))
                    .containsExactly(NodeTaints.UNSCHEDULABLE + ":NoSchedule"));
        }
    }

    @Test
    void aNodeThatNeverPostsStatusBecomesUnknown() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("silent").endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Node n = client.nodes().withName("silent").get();
            assertThat(condition(n, "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(condition(n, "Ready").getReason()).isEqualTo("NodeStatusNeverUpdated");
            assertThat(condition(n, "Ready").getMessage()).isEqualTo("Kubelet never posted node status.");
            assertThat(taintIds(n)).contains(NodeTaints.UNREACHABLE + ":NoExecute");
        });
    }
}
