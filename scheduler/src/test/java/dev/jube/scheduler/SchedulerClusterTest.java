package dev.jube.scheduler;

import static dev.jube.scheduler.ClusterFixture.createNode;
import static dev.jube.scheduler.ClusterFixture.createPod;
import static dev.jube.scheduler.ClusterFixture.events;
import static dev.jube.scheduler.ClusterFixture.nodeOf;
import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.pod;
import static dev.jube.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.scheduler.plugins.NodeResourcesFit;
import dev.jube.scheduler.plugins.Plugins;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler against a real API server in this JVM: it watches, decides and binds through the API only. */
class SchedulerClusterTest {

    static JubeCluster cluster;
    static KubernetesClient client;
    static SchedulerServer scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        SchedulerConfig config = SchedulerConfig.defaults()
                .withProfiles(List.of(Plugins.defaultProfile(Plugins.DEFAULT_SCHEDULER_NAME),
                        Plugins.defaultProfile("binpack").withArgs(NodeResourcesFit.NAME,
                                NodeResourcesFit.Args.of(NodeResourcesFit.Strategy.MOST_ALLOCATED))))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withParallelism(2)
                .withLeaderElection(SchedulerConfig.LeaderElection.disabled());
        scheduler = SchedulerServer.start(cluster.newClient(), config);
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void cleanUp() {
        ClusterFixture.deleteAll(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.cache().nodeCount() == 0
                && scheduler.cache().podCount() == 0);
    }

    /** Waits until the scheduler's cache has seen {@code n} nodes, so the test controls what a cycle sees. */
    private static void awaitNodesSeen(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.cache().nodeCount() == n);
    }

    private static void awaitNode(String pod, String node) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(nodeOf(client, pod)).isEqualTo(node));
    }

    private static String awaitFailure(String pod) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !events(client, pod, "FailedScheduling").isEmpty());
        return events(client, pod, "FailedScheduling").getFirst().getMessage();
    }

    @Test
    void podsLandWhereTheirConstraintsSay() {
        createNode(client, node("zone-a", "4", "8Gi").editMetadata().addToLabels("zone", "a").endMetadata());
        createNode(client, node("zone-b", "4", "8Gi").editMetadata().addToLabels("zone", "b").addToLabels("disk", "ssd")
                .endMetadata());
        createNode(client, node("tiny", "1", "8Gi"));
        awaitNodesSeen(3);
        createPod(client, pod("wants-ssd", "100m", null).editSpec().addToNodeSelector("disk", "ssd").endSpec().build());
        createPod(client, pod("not-b", "2", null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("zone").withOperator("NotIn")
                        .withValues("b").build())
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().build());
        awaitNode("wants-ssd", "zone-b");
        awaitNode("not-b", "zone-a");
        Pod bound = client.pods().inNamespace("default").withName("wants-ssd").get();
        PodCondition c = bound.getStatus().getConditions().stream().filter(x -> x.getType().equals("PodScheduled"))
                .findFirst().orElseThrow();
        assertThat(c.getStatus()).isEqualTo("True");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events(client, "wants-ssd", "Scheduled").isEmpty());
        Event e = events(client, "wants-ssd", "Scheduled").getFirst();
        assertThat(e.getMessage()).isEqualTo("Successfully assigned default/wants-ssd to zone-b");
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void failedSchedulingMessageHasUpstreamsForm() {
        createNode(client, node("small", "500m", "8Gi"));
        createNode(client, taint(node("tainted-1", "4", "8Gi"), "key", "value", "NoSchedule"));
        createNode(client, taint(node("tainted-2", "4", "8Gi"), "key", "value", "NoSchedule"));
        awaitNodesSeen(3);
        createPod(client, pod("stuck", "1", null).build());
        assertThat(awaitFailure("stuck"))
                .isEqualTo("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}."
                        + " preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        Event e = events(client, "stuck", "FailedScheduling").getFirst();
        assertThat(e.getType()).isEqualTo("Warning");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName("stuck").get();
            PodCondition c = p.getStatus().getConditions().stream().filter(x -> x.getType().equals("PodScheduled"))
                    .findFirst().orElseThrow();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).startsWith("0/3 nodes are available");
        });
        assertThat(nodeOf(client, "stuck")).isNull();
    }

    @Test
    void anUnschedulablePodIsScheduledWhenANodeIsAdded() {
        createNode(client, node("small", "1", "8Gi"));
        awaitNodesSeen(1);
        createPod(client, pod("big", "2", null).build());
        assertThat(awaitFailure("big")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu."
                + " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.queue().isUnschedulable("default", "big"));
        createNode(client, node("large", "4", "8Gi"));
        awaitNode("big", "large");
    }

    @Test
    void anUnschedulablePodIsScheduledWhenATaintIsRemoved() {
        createNode(client, taint(node("infra", "4", "8Gi"), "dedicated", "infra", "NoSchedule"));
        awaitNodesSeen(1);
        createPod(client, pod("app", "1", null).build());
        assertThat(awaitFailure("app"))
                .isEqualTo("0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}."
                        + " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
        client.nodes().withName("infra").edit(n -> {
            n.getSpec().setTaints(List.of());
            return n;
        });
        awaitNode("app", "infra");
    }

    @Test
    void podsNamingAnotherSchedulerAreLeftAlone() {
        createNode(client, node("n1", "4", "8Gi"));
        awaitNodesSeen(1);
        createPod(client, pod("theirs", null, null).editSpec().withSchedulerName("someone-else").endSpec().build());
        createPod(client, pod("binpacked", null, null).editSpec().withSchedulerName("binpack").endSpec().build());
        awaitNode("binpacked", "n1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events(client, "binpacked", "Scheduled").isEmpty());
        assertThat(events(client, "binpacked", "Scheduled").getFirst().getSource().getComponent()).isEqualTo("binpack");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> nodeOf(client, "theirs") == null && events(client, "theirs", "FailedScheduling").isEmpty());
    }

    @Test
    void antiAffinityReplicasGoToDifferentNodes() {
        for (int i = 1; i <= 3; i++) {
            createNode(client, node("host-" + i, "4", "8Gi"));
        }
        awaitNodesSeen(3);
        for (int i = 1; i <= 4; i++) {
            createPod(client, pod("replica-" + i, "100m", null).editMetadata().addToLabels("app", "web").endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                            .withTopologyKey("kubernetes.io/hostname").build())
                    .endPodAntiAffinity().endAffinity().endSpec().build());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.rangeClosed(1, 4)
                .filter(i -> nodeOf(client, "replica-" + i) != null).count() == 3);
        Set<String> hosts = new HashSet<>();
        String pending = null;
        for (int i = 1; i <= 4; i++) {
            String n = nodeOf(client, "replica-" + i);
            if (n == null) {
                pending = "replica-" + i;
            } else {
                hosts.add(n);
            }
        }
        assertThat(hosts).containsExactlyInAnyOrder("host-1", "host-2", "host-3");
        assertThat(awaitFailure(pending))
                .isEqualTo("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."
                        + " preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    }

    @Test
    void assumedPodsCountBeforeTheirBindingIsSeen() {
        createNode(client, node("two-cpus", "2", "8Gi"));
        awaitNodesSeen(1);
        for (int i = 1; i <= 4; i++) {
            createPod(client, pod("burst-" + i, "1", null).build());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.rangeClosed(1, 4)
                .filter(i -> !events(client, "burst-" + i, "FailedScheduling").isEmpty()).count() == 2);
        long bound = IntStream.rangeClosed(1, 4).filter(i -> nodeOf(client, "burst-" + i) != null).count();
        assertThat(bound).isEqualTo(2);
    }

    @Test
    void aHighPriorityPodPreemptsLowPriorityPodsAndIsBound() {
        for (var e : java.util.Map.of("preempt-low", 100, "preempt-high", 1000).entrySet()) {
            if (client.scheduling().v1().priorityClasses().withName(e.getKey()).get() == null) {
                client.scheduling().v1().priorityClasses().resource(
                        new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder().withNewMetadata()
                                .withName(e.getKey()).endMetadata().withValue(e.getValue()).build()).create();
            }
        }
        createNode(client, node("only", "2", "8Gi"));
        awaitNodesSeen(1);
        for (String name : List.of("low-a", "low-b")) {
            // The finalizer keeps the victim visible after its deletion so the test can read what preemption wrote.
            createPod(client, pod(name, "1", null).editMetadata().addToFinalizers("example.com/hold").endMetadata()
                    .editSpec().withPriorityClassName("preempt-low").endSpec().build());
            awaitNode(name, "only");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.cache().podCount() == 2);
        Pod high = createPod(client, pod("high", "2", null).editSpec().withPriorityClassName("preempt-high").endSpec()
                .build());
        assertThat(high.getSpec().getPriority()).isEqualTo(1000);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName("high").get();
            assertThat(p.getStatus().getNominatedNodeName()).isEqualTo("only");
        });
        for (String name : List.of("low-a", "low-b")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Pod victim = client.pods().inNamespace("default").withName(name).get();
                assertThat(victim.getMetadata().getDeletionTimestamp()).isNotNull();
                PodCondition c = victim.getStatus().getConditions().stream()
                        .filter(x -> x.getType().equals("DisruptionTarget")).findFirst().orElseThrow();
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
                assertThat(events(client, name, "Preempted")).extracting(Event::getMessage)
                        .containsExactly("Preempted by pod " + high.getMetadata().getUid() + " on node only");
            });
        }
        // While the victims terminate the pod waits for them instead of preempting anyone else.
        assertThat(nodeOf(client, "high")).isNull();
        for (String name : List.of("low-a", "low-b")) {
            client.pods().inNamespace("default").withName(name).edit(p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
            });
            // What the kubelet does once the containers stopped.
            client.pods().inNamespace("default").withName(name).withGracePeriod(0).delete();
        }
        awaitNode("high", "only");
        assertThat(client.pods().inNamespace("default").withName("high").get().getStatus().getNominatedNodeName())
                .isEqualTo("only");
    }

    @Test
    void preemptionPolicyNeverWaitsInsteadOfPreempting() {
        if (client.scheduling().v1().priorityClasses().withName("never-high").get() == null) {
            client.scheduling().v1().priorityClasses().resource(
                    new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder().withNewMetadata()
                            .withName("never-high").endMetadata().withValue(1000).withPreemptionPolicy("Never")
                            .build()).create();
        }
        createNode(client, node("full", "1", "8Gi"));
        awaitNodesSeen(1);
        createPod(client, pod("resident", "1", null).build());
        awaitNode("resident", "full");
        createPod(client, pod("polite", "1", null).editSpec().withPriorityClassName("never-high").endSpec().build());
        assertThat(awaitFailure("polite")).isEqualTo("0/1 nodes are available: 1 Insufficient cpu."
                + " preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(client.pods().inNamespace("default").withName("resident").get().getMetadata().getDeletionTimestamp())
                .isNull();
    }
}
