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

/** A thousand (by default) hollow nodes in this JVM register, stay Ready and keep renewing their leases. */
class HollowNodesScaleIT {

    /** Override with -Dhollow.nodes=5000 to measure a bigger fleet. */
    static final int NODES = Integer.getInteger("hollow.nodes", 1000);

    @Test
    void thousandNodesRegisterAndRenew() throws Exception {
        try (JubeCluster cluster = JubeCluster.start()) {
            KubernetesClient client = cluster.client();
            long before = usedHeap();
            ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
            try (HollowNodes nodes = HollowNodes.start(cluster.newClient(),
                    HollowNodes.Config.defaults(NODES).withWriters(8))) {
                long registered = System.nanoTime();
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
                long used = usedHeap();
                System.out.printf("hollow nodes: %d registered in %d ms; heap used %d MB before, %d MB with the"
                                + " nodes (API server and store in the same JVM)%n", NODES,
                        Duration.between(started, afterRegistration).toMillis(), before >> 20, used >> 20);
                assertThat(nodes.nodeNames()).hasSize(NODES);
                assertThat(registered).isPositive();
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
