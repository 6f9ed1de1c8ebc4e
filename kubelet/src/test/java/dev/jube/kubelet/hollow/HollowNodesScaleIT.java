package dev.jube.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fleet of hollow nodes in this JVM registers, is Ready and keeps renewing its leases. A functional
 * check sized for CI; time and heap at 5,000 nodes are measured by scripts/bench-hollow.
 */
class HollowNodesScaleIT {

    /** Override with -Dhollow.nodes=N for a bigger fleet. */
    static final int NODES = Integer.getInteger("hollow.nodes", 300);

    @Test
    void fleetRegistersIsReadyAndRenewsLeases() throws Exception {
        try (JubeCluster cluster = JubeCluster.start()) {
            KubernetesClient client = cluster.client();
            try (HollowNodes nodes = HollowNodes.start(cluster.newClient(),
                    HollowNodes.Config.defaults(NODES).withWriters(8))) {
                List<Node> all = client.nodes().list().getItems();
                assertThat(all).hasSize(NODES).allSatisfy(n -> assertThat(n.getStatus().getConditions())
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
                ZonedDateTime afterRegistration = ZonedDateTime.now(ZoneOffset.UTC);
                // Every lease is renewed at least once after all nodes registered (interval 10 s).
                await().atMost(Duration.ofSeconds(Math.max(60, NODES / 25))).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    List<Lease> leases = client.resources(Lease.class).inNamespace("kube-node-lease").list()
                            .getItems();
                    assertThat(leases).hasSize(NODES)
                            .allSatisfy(l -> assertThat(l.getSpec().getRenewTime()).isAfter(afterRegistration));
                });
                assertThat(nodes.nodeNames()).hasSize(NODES);
                // One status write at registration and at least one lease renewal per node, all counted.
                assertThat(nodes.heartbeatRequests()).isGreaterThanOrEqualTo(2L * NODES);
            }
        }
    }
}
