package dev.jube.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.ControllerManager;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeIpamControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(NodeIpamController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static Node node(String name, String podCidr) {
        return node(client, name, podCidr);
    }

    static Node node(KubernetesClient client, String name, String podCidr) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (podCidr != null) {
            b.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        return client.nodes().resource(b.build()).create();
    }

    static String podCidrOf(String name) {
        return podCidrOf(client, name);
    }

    static String podCidrOf(KubernetesClient client, String name) {
        Node n = client.nodes().withName(name).get();
        return n == null || n.getSpec() == null ? null : n.getSpec().getPodCIDR();
    }

    @Test
    void everyNodeGetsItsOwnBlockOfTheClusterCidr() {
        List<String> names = List.of("ipam-a", "ipam-b", "ipam-c");
        names.forEach(n -> node(n, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> names.stream().allMatch(n -> podCidrOf(n) != null));
        Set<String> blocks = new HashSet<>();
        for (String n : names) {
            Node node = client.nodes().withName(n).get();
            assertThat(node.getSpec().getPodCIDR()).matches("10\\.42\\.\\d+\\.0/24");
            assertThat(node.getSpec().getPodCIDRs()).containsExactly(node.getSpec().getPodCIDR());
            blocks.add(node.getSpec().getPodCIDR());
        }
        assertThat(blocks).hasSize(3);
    }

    @Test
    void aRestartedAllocatorKeepsTheBlocksNodesHoldAndReusesOnlyReleasedOnes() throws Exception {
        // Its own cluster, where a node holds a block before the allocator (with two blocks) starts.
        try (JubeCluster own = JubeCluster.start()) {
            KubernetesClient c = own.client();
            node(c, "pre", "10.43.0.0/24");
            try (ControllerManager manager = ControllerManager.builder(own.newClient()).leaderElection(null)
                    .controller(() -> new NodeIpamController("10.43.0.0/23", 24)).build().start()) {
                node(c, "late", null);
                await().atMost(Duration.ofSeconds(20)).until(() -> podCidrOf(c, "late") != null);
                assertThat(podCidrOf(c, "late")).isEqualTo("10.43.1.0/24");
                node(c, "full", null);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(c.v1().events()
                        .inNamespace("default").list().getItems()).anySatisfy(e -> {
                            assertThat(e.getInvolvedObject().getName()).isEqualTo("full");
                            assertThat(e.getReason()).isEqualTo("CIDRNotAvailable");
                        }));
                assertThat(podCidrOf(c, "full")).isNull();
                c.nodes().withName("pre").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> podCidrOf(c, "full") != null);
                assertThat(podCidrOf(c, "full")).isEqualTo("10.43.0.0/24");
            }
        }
    }
}
