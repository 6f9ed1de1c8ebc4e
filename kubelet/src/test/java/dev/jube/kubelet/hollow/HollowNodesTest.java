package dev.jube.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hollow nodes against a real API server in this JVM. */
class HollowNodesTest {

    static JubeCluster cluster;
    static KubernetesClient client;
    static HollowNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        HollowNodes.Config config = HollowNodes.Config.defaults(3)
                .withCapacity("8", "16Gi", 50)
                .withTaints(List.of(new TaintBuilder().withKey("example.com/hollow").withValue("yes")
                        .withEffect("PreferNoSchedule").build()))
                .withHeartbeats(Duration.ofSeconds(40), Duration.ofMillis(500), Duration.ofSeconds(2))
                .withPodTimes(Duration.ofMillis(100), Duration.ofSeconds(1));
        nodes = HollowNodes.start(cluster.newClient(), config);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesRegisterWithLabelsCapacityStatusAndLease() {
        assertThat(nodes.nodeNames()).containsExactly("hollow-node-0", "hollow-node-1", "hollow-node-2");
        Set<String> zones = new java.util.HashSet<>();
        Set<String> cidrs = new java.util.HashSet<>();
        for (String name : nodes.nodeNames()) {
            Node n = client.nodes().withName(name).get();
            Map<String, String> labels = n.getMetadata().getLabels();
            assertThat(labels).containsEntry("kubernetes.io/hostname", name)
                    .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64")
                    .containsEntry("topology.kubernetes.io/region", "hollow-1")
                    .containsEntry("node.kubernetes.io/instance-type", "hollow.large");
            zones.add(labels.get("topology.kubernetes.io/zone"));
            cidrs.add(n.getSpec().getPodCIDR());
            assertThat(n.getSpec().getTaints()).extracting("key").containsExactly("example.com/hollow");
            assertThat(n.getStatus().getCapacity()).containsEntry("cpu", new Quantity("8"))
                    .containsEntry("memory", new Quantity("16Gi")).containsEntry("pods", new Quantity("50"))
                    .containsKey("ephemeral-storage");
            assertThat(n.getStatus().getAllocatable()).isEqualTo(n.getStatus().getCapacity());
            assertThat(ready(n)).isEqualTo("True");
            assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-jube");
            assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("hollow://1.0");
            assertThat(n.getStatus().getAddresses()).anyMatch(a -> "InternalIP".equals(a.getType())
                    && a.getAddress().startsWith("10.200."));
            Lease lease = lease(name);
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(name);
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
            assertThat(lease.getMetadata().getOwnerReferences()).extracting("uid")
                    .containsExactly(n.getMetadata().getUid());
        }
        assertThat(zones).containsExactlyInAnyOrder("hollow-1a", "hollow-1b", "hollow-1c");
        assertThat(cidrs).hasSize(3);
    }

    @Test
    void leasesAndHeartbeatsAdvance() {
        ZonedDateTime first = lease("hollow-node-1").getSpec().getRenewTime();
        String heartbeat = heartbeat(client.nodes().withName("hollow-node-1").get());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lease("hollow-node-1").getSpec().getRenewTime()).isAfter(first);
            assertThat(heartbeat(client.nodes().withName("hollow-node-1").get())).isNotEqualTo(heartbeat);
        });
    }

    @Test
    void boundPodRunsAndIsReadyWithAnAddressFromItsNodesRange() {
        Pod created = client.pods().inNamespace("default").resource(pod("web", "hollow-node-0", "Always", Map.of()))
                .create();
        Pod p = awaitPhase("web", "Running");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(condition(client.pods().inNamespace("default").withName("web").get(), "Ready"))
                        .isEqualTo("True"));
        p = client.pods().inNamespace("default").withName("web").get();
        Node node = client.nodes().withName("hollow-node-0").get();
        String cidr = node.getSpec().getPodCIDR();
        assertThat(inCidr(p.getStatus().getPodIP(), cidr)).as("%s in %s", p.getStatus().getPodIP(), cidr).isTrue();
        assertThat(p.getStatus().getHostIP()).isEqualTo(node.getStatus().getAddresses().getFirst().getAddress());
        assertThat(p.getStatus().getStartTime()).isNotNull();
        assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            assertThat(condition(p, type)).as(type).isEqualTo("True");
        }
        ContainerStatus cs = p.getStatus().getContainerStatuses().getFirst();
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getRestartCount()).isZero();
        assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
        assertThat(cs.getContainerID()).startsWith("hollow://");
        assertThat(cs.getImageID()).contains("@sha256:");
        assertThat(p.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        delete("web");
    }

    @Test
    void podThatExitsZeroSucceedsAndNonZeroFails() {
        client.pods().inNamespace("default").resource(pod("ok", "hollow-node-1", "Never",
                Map.of(HollowPods.RUN_SECONDS_ANNOTATION, "1"))).create();
        client.pods().inNamespace("default").resource(pod("bad", "hollow-node-2", "Never",
                Map.of(HollowPods.RUN_SECONDS_ANNOTATION, "1", HollowPods.EXIT_CODE_ANNOTATION, "1"))).create();
        Pod ok = awaitPhase("ok", "Succeeded");
        Pod bad = awaitPhase("bad", "Failed");
        assertThat(ok.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason())
                .isEqualTo("Completed");
        assertThat(bad.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason())
                .isEqualTo("Error");
        assertThat(bad.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isEqualTo(1);
        assertThat(condition(ok, "Ready")).isEqualTo("False");
        delete("ok");
        delete("bad");
    }

    @Test
    void statusWritesKeepOtherWritersConditionsAndReplaceTheContainerState() {
        client.pods().inNamespace("default").resource(pod("checked", "hollow-node-0", "Never",
                Map.of(HollowPods.RUN_SECONDS_ANNOTATION, "2"))).create();
        awaitPhase("checked", "Running");
        // Another component adds its own condition between the node's writes.
        client.pods().inNamespace("default").withName("checked").subresource("status").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"status\":{\"conditions\":[{\"type\":\"example.com/Checked\",\"status\":\"True\"}]}}");
        Pod done = awaitPhase("checked", "Succeeded");
        assertThat(condition(done, "example.com/Checked")).isEqualTo("True");
        assertThat(condition(done, "Ready")).isEqualTo("False");
        ContainerState state = done.getStatus().getContainerStatuses().getFirst().getState();
        assertThat(state.getTerminated()).isNotNull();
        assertThat(state.getRunning()).isNull();
        delete("checked");
    }

    @Test
    void alwaysRestartedContainerCountsRestarts() {
        client.pods().inNamespace("default").resource(pod("crashy", "hollow-node-1", "Always",
                Map.of(HollowPods.RUN_SECONDS_ANNOTATION, "0.3", HollowPods.EXIT_CODE_ANNOTATION, "2"))).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName("crashy").get();
            assertThat(p.getStatus().getContainerStatuses()).isNotEmpty();
            ContainerStatus cs = p.getStatus().getContainerStatuses().getFirst();
            assertThat(cs.getRestartCount()).isGreaterThanOrEqualTo(2);
            assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(2);
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
        delete("crashy");
    }

    @Test
    void readinessFollowsTheAnnotation() {
        client.pods().inNamespace("default").resource(pod("unready", "hollow-node-2", "Always",
                Map.of(PodStatuses.READY_ANNOTATION, "false"))).create();
        Pod p = awaitPhase("unready", "Running");
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(p.getStatus().getContainerStatuses().getFirst().getReady()).isFalse();
        delete("unready");
    }

    @Test
    void deletingARunningPodMakesItGo() {
        client.pods().inNamespace("default").resource(pod("doomed", "hollow-node-2", "Always", Map.of())).create();
        awaitPhase("doomed", "Running");
        client.pods().inNamespace("default").withName("doomed").delete();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                client.pods().inNamespace("default").withName("doomed").get() == null);
    }

    @Test
    void stoppedNodeStopsRenewingItsLease() {
        HollowNodes.Config config = HollowNodes.Config.defaults(2).withNamePrefix("mortal-")
                .withHeartbeats(Duration.ofSeconds(40), Duration.ofMillis(300), Duration.ofSeconds(1));
        try (HollowNodes mortal = HollowNodes.start(cluster.newClient(), config)) {
            ZonedDateTime start = lease("mortal-0").getSpec().getRenewTime();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    lease("mortal-0").getSpec().getRenewTime().isAfter(start));
            mortal.stop("mortal-0");
            assertThat(mortal.isRunning("mortal-0")).isFalse();
            // A renewal already in flight may still land; then the renew time must hold still for
            // over three renewal intervals while the other node keeps renewing.
            java.util.concurrent.atomic.AtomicReference<ZonedDateTime> seen =
                    new java.util.concurrent.atomic.AtomicReference<>(lease("mortal-0").getSpec().getRenewTime());
            ZonedDateTime other = lease("mortal-1").getSpec().getRenewTime();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                    lease("mortal-0").getSpec().getRenewTime().equals(seen.getAndSet(
                            lease("mortal-0").getSpec().getRenewTime())));
            assertThat(lease("mortal-1").getSpec().getRenewTime()).isAfter(other);
            // A pod bound to the dead node is never started.
            client.pods().inNamespace("default").resource(pod("orphan", "mortal-0", "Always", Map.of())).create();
            client.pods().inNamespace("default").resource(pod("adopted", "mortal-1", "Always", Map.of())).create();
            awaitPhase("adopted", "Running");
            assertThat(client.pods().inNamespace("default").withName("orphan").get().getStatus().getPhase())
                    .isIn(null, "Pending");
            delete("adopted");
            client.pods().inNamespace("default").withName("orphan").withGracePeriod(0).delete();
        }
        for (String n : List.of("mortal-0", "mortal-1")) {
            client.nodes().withName(n).delete();
        }
    }

    @Test
    void badConfigurationIsRefusedWithTheReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HollowNodes.Config.defaults(300)
                        .withTopology("r", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zones");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HollowNodes.Config.defaults(1).withNamePrefix("Bad_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namePrefix");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nodes.stop("no-such-node"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-node");
    }

    static Pod pod(String name, String node, String restartPolicy, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy(restartPolicy)
                .addNewContainer().withName("main").withImage("busybox:1.36").endContainer().endSpec()
                .build();
    }

    static Pod awaitPhase(String name, String phase) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName(name).get();
            assertThat(p.getStatus().getPhase()).isEqualTo(phase);
        });
        return client.pods().inNamespace("default").withName(name).get();
    }

    static void delete(String name) {
        client.pods().inNamespace("default").withName(name).delete();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                client.pods().inNamespace("default").withName(name).get() == null);
    }

    static String condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse(null);
    }

    static String ready(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }

    static String heartbeat(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getLastHeartbeatTime).findFirst().orElse(null);
    }

    static Lease lease(String node) {
        return client.resources(Lease.class).inNamespace("kube-node-lease").withName(node).get();
    }

    static boolean inCidr(String ip, String cidr) {
        Ipv4.Cidr c = Ipv4.parseCidr(cidr);
        long a = Ipv4.parse(ip);
        return a >= c.base() && a < c.base() + c.size();
    }

    static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }
}
