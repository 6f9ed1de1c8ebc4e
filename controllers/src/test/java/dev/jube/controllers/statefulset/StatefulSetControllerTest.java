package dev.jube.controllers.statefulset;

import static dev.jube.controllers.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.garbagecollector.GarbageCollector;
import dev.jube.controllers.history.RevisionHistory;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatefulSetControllerTest {

    static final String OLD = "nginx:1.7.9";
    static final String NEW = "nginx:1.9.1";
    static final Duration WAIT = Duration.ofSeconds(60);
    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(StatefulSetController::new, GarbageCollector::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static StatefulSetBuilder set(String name, int replicas) {
        Map<String, String> labels = Map.of("app", name);
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("nginx").withNewSelector()
                .withMatchLabels(labels).endSelector().withTemplate(template(labels, OLD)).endSpec();
    }

    static PersistentVolumeClaim claimTemplate(String name) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources().withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources().endSpec().build();
    }

    static StatefulSet get(String ns, String name) {
        return client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }

    static void edit(String ns, String name, UnaryOperator<StatefulSet> change) {
        Workloads.retryOnConflict(() -> client.apps().statefulSets().inNamespace(ns).withName(name).edit(change));
    }

    static Pod pod(String ns, String name) {
        return client.pods().inNamespace(ns).withName(name).get();
    }

    static Set<String> podNames(String ns) {
        Set<String> names = new TreeSet<>();
        Workloads.activePods(client, ns).forEach(p -> names.add(p.getMetadata().getName()));
        return names;
    }

    static Set<String> claimNames(String ns) {
        Set<String> names = new TreeSet<>();
        client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .forEach(c -> names.add(c.getMetadata().getName()));
        return names;
    }

    static void awaitReady(String ns, String name, int replicas) {
        await().atMost(WAIT).untilAsserted(() -> {
            StatefulSet s = get(ns, name);
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(replicas);
            assertThat(s.getStatus().getReplicas()).isEqualTo(replicas);
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
            assertThat(podNames(ns)).hasSize(replicas);
        });
    }

    /** Records, in watch order, pod additions (with the ready pods at that moment) and deletions. */
    static final class PodLog implements AutoCloseable {
        final List<String> added = new ArrayList<>();
        final Map<String, Set<String>> readyWhenAdded = new HashMap<>();
        final List<String> deletionsStarted = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        private final Map<String, Pod> pods = new HashMap<>();
        private final Watch watch;

        PodLog(String ns) {
            var list = client.pods().inNamespace(ns).list();
            list.getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
            watch = client.pods().inNamespace(ns).withResourceVersion(list.getMetadata().getResourceVersion())
                    .watch(new Watcher<Pod>() {
                        @Override
                        public void eventReceived(Action action, Pod pod) {
                            record(action, pod);
                        }

                        @Override
                        public void onClose(WatcherException cause) {}
                    });
        }

        private synchronized void record(Watcher.Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            Pod before = pods.get(name);
            switch (action) {
                case ADDED -> {
                    Set<String> ready = new TreeSet<>();
                    pods.values().stream().filter(Pods::isReady).forEach(p -> ready.add(p.getMetadata().getName()));
                    added.add(name);
                    readyWhenAdded.put(name, ready);
                    pods.put(name, pod);
                }
                case MODIFIED -> {
                    if (pod.getMetadata().getDeletionTimestamp() != null
                            && (before == null || before.getMetadata().getDeletionTimestamp() == null)) {
                        deletionsStarted.add(name);
                    }
                    pods.put(name, pod);
                }
                case DELETED -> {
                    if (before == null || before.getMetadata().getDeletionTimestamp() == null) {
                        deletionsStarted.add(name);
                    }
                    deleted.add(name);
                    pods.remove(name);
                }
                default -> { }
            }
        }

        synchronized List<String> added() {
            return List.copyOf(added);
        }

        synchronized List<String> deletionsStarted() {
            return List.copyOf(deletionsStarted);
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    @Test
    void createsPodsInOrderEachAfterThePreviousIsReadyWithStableIdentity() {
        String ns = cluster.newNamespace();
        try (PodLog log = new PodLog(ns)) {
            client.apps().statefulSets().inNamespace(ns).resource(set("web", 3).build()).create();
            awaitReady(ns, "web", 3);
            assertThat(log.added()).containsExactly("web-0", "web-1", "web-2");
            assertThat(log.readyWhenAdded.get("web-0")).isEmpty();
            assertThat(log.readyWhenAdded.get("web-1")).containsExactly("web-0");
            assertThat(log.readyWhenAdded.get("web-2")).containsExactly("web-0", "web-1");
        }
        Pod web1 = pod(ns, "web-1");
        StatefulSet s = get(ns, "web");
        assertThat(web1.getSpec().getHostname()).isEqualTo("web-1");
        assertThat(web1.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(web1.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                .containsEntry("apps.kubernetes.io/pod-index", "1")
                .containsEntry("controller-revision-hash", s.getStatus().getUpdateRevision());
        assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
        assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getCollisionCount()).isZero();
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
            assertThat(e.getMessage()).isEqualTo("create Pod web-0 in StatefulSet web successful");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
        });
        List<ControllerRevision> revisions = client.apps().controllerRevisions().inNamespace(ns).list().getItems();
        assertThat(revisions).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getName()).isEqualTo(s.getStatus().getUpdateRevision())
                    .isEqualTo("web-" + r.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL));
            assertThat(r.getRevision()).isEqualTo(1L);
            assertThat(r.getMetadata().getLabels()).containsEntry("app", "web");
            Map<?, ?> data = client.getKubernetesSerialization().convertValue(r.getData(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> template = (Map<String, Object>) ((Map<?, ?>) data.get("spec")).get("template");
            assertThat(template).containsEntry("$patch", "replace").containsKey("spec");
        });

        // A deleted pod comes back under its name.
        String uid = web1.getMetadata().getUid();
        client.pods().inNamespace(ns).withName("web-1").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            Pod back = pod(ns, "web-1");
            assertThat(back.getMetadata().getUid()).isNotEqualTo(uid);
            assertThat(Pods.isReady(back)).isTrue();
        });
    }

    @Test
    void scalesDownInReverseOrderAndKeepsTheClaims() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 3).editSpec()
                .withVolumeClaimTemplates(claimTemplate("www")).endSpec().build()).create();
        awaitReady(ns, "web", 3);
        assertThat(claimNames(ns)).containsExactly("www-web-0", "www-web-1", "www-web-2");
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName("www-web-0").get();
        assertThat(claim.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(pod(ns, "web-0").getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("www");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-0");
        });
        try (PodLog log = new PodLog(ns)) {
            edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
            awaitReady(ns, "web", 1);
            assertThat(log.deletionsStarted()).containsExactly("web-2", "web-1");
        }
        assertThat(podNames(ns)).containsExactly("web-0");
        assertThat(claimNames(ns)).containsExactly("www-web-0", "www-web-1", "www-web-2");

        // Scaled back up, the pods find their old claims.
        edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().withReplicas(2).endSpec().build());
        awaitReady(ns, "web", 2);
        assertThat(pod(ns, "web-1").getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-1"));
        assertThat(claimNames(ns)).containsExactly("www-web-0", "www-web-1", "www-web-2");
    }

    @Test
    void retentionPolicyDeleteRemovesClaimsOfScaledDownPodsAndWithTheSet() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("db", 2).editSpec()
                .withVolumeClaimTemplates(claimTemplate("data")).withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenScaled("Delete").withWhenDeleted("Delete").endPersistentVolumeClaimRetentionPolicy()
                .endSpec().build()).create();
        awaitReady(ns, "db", 2);
        assertThat(claimNames(ns)).containsExactly("data-db-0", "data-db-1");
        String setUid = get(ns, "db").getMetadata().getUid();
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("data-db-0").get().getMetadata()
                .getOwnerReferences()).anySatisfy(r -> assertThat(r.getUid()).isEqualTo(setUid));

        edit(ns, "db", s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(claimNames(ns)).containsExactly("data-db-0"));
        assertThat(podNames(ns)).containsExactly("db-0");

        client.apps().statefulSets().inNamespace(ns).withName("db").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(claimNames(ns)).isEmpty();
            assertThat(podNames(ns)).isEmpty();
        });
    }

    @Test
    void rollingUpdateReplacesPodsInReverseOrderDownToThePartition() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 3).editSpec().withNewUpdateStrategy()
                .withType("RollingUpdate").withNewRollingUpdate().withPartition(2).endRollingUpdate()
                .endUpdateStrategy().endSpec().build()).create();
        awaitReady(ns, "web", 3);
        String oldRevision = get(ns, "web").getStatus().getCurrentRevision();
        edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage(NEW).endContainer().endSpec().endTemplate().endSpec().build());
        await().atMost(WAIT).untilAsserted(() -> {
            StatefulSet s = get(ns, "web");
            assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(1);
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(2);
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
        });
        StatefulSet partial = get(ns, "web");
        assertThat(partial.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
        assertThat(partial.getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
        assertThat(image(ns, "web-2")).isEqualTo(NEW);
        assertThat(image(ns, "web-1")).isEqualTo(OLD);
        assertThat(image(ns, "web-0")).isEqualTo(OLD);

        try (PodLog log = new PodLog(ns)) {
            edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().editUpdateStrategy().editRollingUpdate()
                    .withPartition(0).endRollingUpdate().endUpdateStrategy().endSpec().build());
            await().atMost(WAIT).untilAsserted(() -> {
                StatefulSet s = get(ns, "web");
                assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
                assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
                assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
                assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            });
            assertThat(log.deletionsStarted()).containsExactly("web-1", "web-0");
        }
        for (String name : List.of("web-0", "web-1", "web-2")) {
            assertThat(image(ns, name)).isEqualTo(NEW);
        }
        assertThat(client.apps().controllerRevisions().inNamespace(ns).list().getItems())
                .extracting(r -> r.getRevision()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void onDeleteUpdatesOnlyPodsTheUserDeletes() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 2).editSpec().withNewUpdateStrategy()
                .withType("OnDelete").endUpdateStrategy().endSpec().build()).create();
        awaitReady(ns, "web", 2);
        edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage(NEW).endContainer().endSpec().endTemplate().endSpec().build());
        await().atMost(WAIT).untilAsserted(() -> {
            StatefulSet s = get(ns, "web");
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
            assertThat(s.getStatus().getUpdateRevision()).isNotEqualTo(s.getStatus().getCurrentRevision());
        });
        assertThat(image(ns, "web-0")).isEqualTo(OLD);
        assertThat(image(ns, "web-1")).isEqualTo(OLD);
        client.pods().inNamespace(ns).withName("web-0").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(image(ns, "web-0")).isEqualTo(NEW);
            assertThat(get(ns, "web").getStatus().getUpdatedReplicas()).isEqualTo(1);
        });
        assertThat(image(ns, "web-1")).isEqualTo(OLD);
    }

    @Test
    void parallelManagementCreatesAllPodsWithoutWaitingForReadiness() {
        String ns = cluster.newNamespace();
        cluster.kubelet().pause();
        try {
            client.apps().statefulSets().inNamespace(ns).resource(set("par", 3).editSpec()
                    .withPodManagementPolicy("Parallel").endSpec().build()).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(podNames(ns)).containsExactly("par-0", "par-1", "par-2"));
            assertThat(Workloads.activePods(client, ns)).noneMatch(Pods::isReady);
        } finally {
            cluster.kubelet().resume();
        }
        awaitReady(ns, "par", 3);
    }

    @Test
    void ordinalsStartNamesPodsFromTheStartOrdinal() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 2).editSpec().withNewOrdinals()
                .withStart(5).endOrdinals().endSpec().build()).create();
        awaitReady(ns, "web", 2);
        assertThat(podNames(ns)).containsExactly("web-5", "web-6");
        assertThat(pod(ns, "web-6").getMetadata().getLabels()).containsEntry("apps.kubernetes.io/pod-index", "6");
    }

    @Test
    void scaleSubresourceResizesTheSet() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 1).build()).create();
        awaitReady(ns, "web", 1);
        client.apps().statefulSets().inNamespace(ns).withName("web").scale(2);
        awaitReady(ns, "web", 2);
        assertThat(podNames(ns)).containsExactly("web-0", "web-1");
    }

    @Test
    void orphanedPodsAreAdoptedByANewSetWithTheSameSelector() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 2).build()).create();
        awaitReady(ns, "web", 2);
        Map<String, String> uids = new HashMap<>();
        Workloads.activePods(client, ns).forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        client.apps().statefulSets().inNamespace(ns).withName("web")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get(ns, "web")).isNull();
            assertThat(Workloads.activePods(client, ns)).hasSize(2)
                    .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
        });
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 2).build()).create();
        String setUid = get(ns, "web").getMetadata().getUid();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Workloads.activePods(client, ns)).hasSize(2)
                .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                        .anySatisfy(r -> assertThat(r.getUid()).isEqualTo(setUid))));
        awaitReady(ns, "web", 2);
        Map<String, String> after = new HashMap<>();
        Workloads.activePods(client, ns).forEach(p -> after.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        assertThat(after).isEqualTo(uids);
    }

    @Test
    void maxUnavailableBoundsARollingUpdateThatStillGoesInReverseOrder() {
        String ns = cluster.newNamespace();
        client.apps().statefulSets().inNamespace(ns).resource(set("web", 4).editSpec().withNewUpdateStrategy()
                .withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(2)).endRollingUpdate()
                .endUpdateStrategy().endSpec().build()).create();
        awaitReady(ns, "web", 4);
        try (PodLog log = new PodLog(ns); var timeline = new dev.jube.controllers.testing.PodTimeline(client, ns)) {
            edit(ns, "web", s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
                    .withImage(NEW).endContainer().endSpec().endTemplate().endSpec().build());
            await().atMost(WAIT).untilAsserted(() -> {
                StatefulSet s = get(ns, "web");
                assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
                assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(4);
                assertThat(s.getStatus().getReadyReplicas()).isEqualTo(4);
                assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
            });
            assertThat(log.deletionsStarted()).containsExactly("web-3", "web-2", "web-1", "web-0");
            assertThat(timeline.snapshots()).isNotEmpty().allSatisfy(snap ->
                    assertThat(snap.ready()).isGreaterThanOrEqualTo(2));
        }
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        String ns = cluster.newNamespace();
        List<String> states = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Watch w = client.apps().statefulSets().inNamespace(ns).watch(new Watcher<StatefulSet>() {
            @Override
            public void eventReceived(Action action, StatefulSet s) {
                if (s.getStatus() != null && s.getStatus().getReadyReplicas() != null) {
                    states.add(s.getStatus().getReadyReplicas() + "/" + s.getStatus().getAvailableReplicas());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            client.apps().statefulSets().inNamespace(ns).resource(set("web", 1).editSpec().withMinReadySeconds(2)
                    .endSpec().build()).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(states).contains("1/1"));
        }
        // Ready first, available only once ready for minReadySeconds.
        assertThat(states.indexOf("1/0")).isNotNegative().isLessThan(states.indexOf("1/1"));
    }

    static String image(String ns, String name) {
        return pod(ns, name).getSpec().getContainers().getFirst().getImage();
    }
}
