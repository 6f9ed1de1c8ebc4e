package dev.jube.controllers.replicaset;

import static dev.jube.controllers.testing.Workloads.activePods;
import static dev.jube.controllers.testing.Workloads.retryOnConflict;
import static dev.jube.controllers.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.testing.ControllerCluster;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        // Objects read while a controller is still working may lack status: keep polling.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(ReplicaSetController::new, ReplicationControllerController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ReplicaSet replicaSet(String name, int replicas, Map<String, String> labels) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(template(labels, "nginx:1.7.9")).endSpec().build();
    }

    /** Sets spec.replicas with an update (the scale subresource is not served yet). */
    static void scaleReplicaSet(String ns, String name, int replicas) {
        retryOnConflict(() -> client.apps().replicaSets().inNamespace(ns).withName(name)
                .edit(r -> new ReplicaSetBuilder(r).editSpec().withReplicas(replicas).endSpec().build()));
    }

    private static List<Pod> podsOf(String ns, String uid) {
        return activePods(client, ns).stream().filter(p -> p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()))).toList();
    }

    private static void awaitCount(String ns, String uid, int n) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(podsOf(ns, uid)).hasSize(n));
    }

    @Test
    void createsPodsFromTheTemplateWithAControllerReferenceAndReportsStatus() {
        String ns = cluster.newNamespace();
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns)
                .resource(replicaSet("web", 3, Map.of("app", "web"))).create();
        String uid = rs.getMetadata().getUid();
        awaitCount(ns, uid, 3);
        for (Pod p : podsOf(ns, uid)) {
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("web-");
            assertThat(p.getMetadata().getName()).startsWith("web-");
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "web");
            OwnerReference ref = p.getMetadata().getOwnerReferences().getFirst();
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getName()).isEqualTo("web");
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
            assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.7.9");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var status = client.apps().replicaSets().inNamespace(ns).withName("web").get().getStatus();
            assertThat(status.getReplicas()).isEqualTo(3);
            assertThat(status.getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(status.getReadyReplicas()).isEqualTo(3);
            assertThat(status.getAvailableReplicas()).isEqualTo(3);
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
                    assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller");
                }));
    }

    @Test
    void replacesADeletedPod() {
        String ns = cluster.newNamespace();
        String uid = client.apps().replicaSets().inNamespace(ns)
                .resource(replicaSet("web", 3, Map.of("app", "web"))).create().getMetadata().getUid();
        awaitCount(ns, uid, 3);
        String victim = podsOf(ns, uid).getFirst().getMetadata().getName();
        client.pods().inNamespace(ns).withName(victim).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Pod> pods = podsOf(ns, uid);
            assertThat(pods).hasSize(3);
            assertThat(pods).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
        });
    }

    @Test
    void neverCreatesMoreThanReplicasWhileScalingUp() throws Exception {
        String ns = cluster.newNamespace();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger maxLive = new AtomicInteger();
        Set<String> live = ConcurrentHashMap.newKeySet();
        try (Watch w = client.pods().inNamespace(ns).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
                    live.remove(name);
                } else {
                    seen.add(name);
                    live.add(name);
                    maxLive.accumulateAndGet(live.size(), Math::max);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            String uid = client.apps().replicaSets().inNamespace(ns)
                    .resource(replicaSet("burst", 20, Map.of("app", "burst"))).create().getMetadata().getUid();
            awaitCount(ns, uid, 20);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.apps().replicaSets()
                    .inNamespace(ns).withName("burst").get().getStatus().getAvailableReplicas()).isEqualTo(20));
            assertThat(seen).hasSize(20);
            assertThat(maxLive.get()).isEqualTo(20);
        }
    }

    @Test
    void scalingDownDeletesNotReadyPodsFirst() {
        String ns = cluster.newNamespace();
        String uid = client.apps().replicaSets().inNamespace(ns)
                .resource(replicaSet("mixed", 2, Map.of("app", "mixed"))).create().getMetadata().getUid();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(podsOf(ns, uid)).hasSize(2).allMatch(Pods::isReady));
        Set<String> ready = podsOf(ns, uid).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        cluster.kubelet().pause();
        try {
            scaleReplicaSet(ns, "mixed", 5);
            awaitCount(ns, uid, 5);
            scaleReplicaSet(ns, "mixed", 2);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(podsOf(ns, uid))
                    .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(ready));
        } finally {
            cluster.kubelet().resume();
        }
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() {
        String ns = cluster.newNamespace();
        Pod orphan = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("orphan")
                .withLabels(Map.of("app", "adopt")).endMetadata().withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("web").withImage("nginx:1.7.9").endContainer().endSpec().build()).create();
        String uid = client.apps().replicaSets().inNamespace(ns)
                .resource(replicaSet("adopt", 2, Map.of("app", "adopt"))).create().getMetadata().getUid();
        awaitCount(ns, uid, 2);
        Pod adopted = client.pods().inNamespace(ns).withName("orphan").get();
        assertThat(adopted.getMetadata().getUid()).isEqualTo(orphan.getMetadata().getUid());
        assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(uid));
        assertThat(activePods(client, ns)).hasSize(2);

        retryOnConflict(() -> client.pods().inNamespace(ns).withName("orphan").edit(p -> new PodBuilder(p)
                .editMetadata().addToLabels("app", "other").endMetadata().build()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod released = client.pods().inNamespace(ns).withName("orphan").get();
            assertThat(released.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(podsOf(ns, uid)).hasSize(2).noneMatch(p -> p.getMetadata().getName().equals("orphan"));
        });
    }

    @Test
    void replicationControllersShareTheLogic() {
        String ns = cluster.newNamespace();
        ReplicationController rc = new ReplicationControllerBuilder().withNewMetadata().withName("legacy").endMetadata()
                .withNewSpec().withReplicas(2).withTemplate(template(Map.of("app", "legacy"), "nginx:1.7.9"))
                .endSpec().build();
        String uid = client.replicationControllers().inNamespace(ns).resource(rc).create().getMetadata().getUid();
        awaitCount(ns, uid, 2);
        assertThat(podsOf(ns, uid)).allSatisfy(p -> {
            assertThat(p.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("ReplicationController");
            assertThat(p.getMetadata().getOwnerReferences().getFirst().getApiVersion()).isEqualTo("v1");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.replicationControllers()
                .inNamespace(ns).withName("legacy").get().getStatus().getReadyReplicas()).isEqualTo(2));
        retryOnConflict(() -> client.replicationControllers().inNamespace(ns).withName("legacy")
                .edit(rc2 -> new ReplicationControllerBuilder(rc2).editSpec().withReplicas(1).endSpec().build()));
        awaitCount(ns, uid, 1);
    }

    @Test
    void podsCountAsAvailableOnlyAfterMinReadySeconds() {
        String ns = cluster.newNamespace();
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Watch w = client.apps().replicaSets().inNamespace(ns).watch(new Watcher<ReplicaSet>() {
            @Override
            public void eventReceived(Action action, ReplicaSet rs) {
                if (rs.getStatus() != null) {
                    statuses.add(rs.getStatus().getReadyReplicas() + "/" + rs.getStatus().getAvailableReplicas());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            ReplicaSet rs = replicaSet("slow", 2, Map.of("app", "slow"));
            rs.getSpec().setMinReadySeconds(3);
            client.apps().replicaSets().inNamespace(ns).resource(rs).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains("2/2"));
            // Ready first, available only once ready for minReadySeconds.
            assertThat(statuses).containsSubsequence("2/0", "2/2");
        }
    }
}
