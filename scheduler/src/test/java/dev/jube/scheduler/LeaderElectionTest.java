package dev.jube.scheduler;

import static dev.jube.scheduler.ClusterFixture.createNode;
import static dev.jube.scheduler.ClusterFixture.createPod;
import static dev.jube.scheduler.ClusterFixture.events;
import static dev.jube.scheduler.ClusterFixture.nodeOf;
import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two scheduler instances against one API server: only the holder of the Lease schedules. */
class LeaderElectionTest {

    private static SchedulerConfig config(String identity) {
        return SchedulerConfig.defaults().withParallelism(2)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withLeaderElection(SchedulerConfig.LeaderElection.defaults().withIdentity(identity)
                        .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)));
    }

    private static boolean allBound(KubernetesClient client, String prefix, int n) {
        return IntStream.rangeClosed(1, n).allMatch(i -> nodeOf(client, prefix + i) != null);
    }

    @Test
    void onlyTheLeaderBindsAndTheOtherTakesOverWhenItLeaves() throws Exception {
        try (JubeCluster cluster = JubeCluster.start()) {
            KubernetesClient client = cluster.client();
            createNode(client, node("n1", "8", "16Gi"));
            SchedulerServer first = SchedulerServer.start(cluster.newClient(), config("first"));
            SchedulerServer second = null;
            try {
                await().atMost(Duration.ofSeconds(15)).until(first::isLeader);
                second = SchedulerServer.start(cluster.newClient(), config("second"));
                SchedulerServer standby = second;
                for (int i = 1; i <= 5; i++) {
                    createPod(client, pod("a-" + i, "100m", null).build());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> allBound(client, "a-", 5));
                assertThat(first.scheduler().boundCount()).isEqualTo(5);
                assertThat(standby.scheduler().boundCount()).isZero();
                assertThat(standby.isLeader()).isFalse();
                await().atMost(Duration.ofSeconds(10)).until(() -> events(client, "a-5", "Scheduled").size() == 1);
                assertThat(events(client, "a-5", "Scheduled").getFirst().getReportingInstance()).isEqualTo("first");
                Lease lease = client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
                assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("first");

                first.close();
                await().atMost(Duration.ofSeconds(20)).until(standby::isLeader);
                for (int i = 1; i <= 3; i++) {
                    createPod(client, pod("b-" + i, "100m", null).build());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> allBound(client, "b-", 3));
                assertThat(standby.scheduler().boundCount()).isEqualTo(3);
                assertThat(first.scheduler().boundCount()).isEqualTo(5);
                assertThat(client.leases().inNamespace("kube-system").withName("kube-scheduler").get().getSpec()
                        .getHolderIdentity()).isEqualTo("second");
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }
}
