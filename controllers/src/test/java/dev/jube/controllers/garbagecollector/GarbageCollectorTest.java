package dev.jube.controllers.garbagecollector;

import static dev.jube.controllers.testing.Workloads.activePods;
import static dev.jube.controllers.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.deployment.DeploymentController;
import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        // Objects read while a controller is still working may lack status: keep polling.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(ReplicaSetController::new, DeploymentController::new, GarbageCollector::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static Deployment deployment(String ns, String name, int replicas) {
        Map<String, String> labels = Map.of("app", name);
        return client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
                .withMatchLabels(labels).endSelector().withTemplate(template(labels, "nginx:1.7.9")).endSpec().build())
                .create();
    }

    static void awaitPods(String ns, int n) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(activePods(client, ns)).hasSize(n));
    }

    /** Adds a finalizer as the API server does for a delete with propagationPolicy Orphan or Foreground. */
    static <T extends HasMetadata> void addFinalizer(io.fabric8.kubernetes.client.dsl.Resource<T> r, String f) {
        Workloads.retryOnConflict(() -> r.edit(obj -> {
            obj.getMetadata().getFinalizers().add(f);
            return obj;
        }));
    }

    @Test
    void backgroundDeletionRemovesDependentsOfADeletedOwner() {
        String ns = cluster.newNamespace();
        deployment(ns, "bg", 2);
        awaitPods(ns, 2);
        client.apps().deployments().inNamespace(ns).withName("bg").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    @Test
    void anObjectWhoseOwnerNeverExistedIsCollectedAndOneWithALiveOwnerIsKept() {
        String ns = cluster.newNamespace();
        ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("owner").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("kept")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("owner").withUid(owner.getMetadata().getUid()).build()).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("dangling")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("ghost").withUid("00000000-0000-0000-0000-000000000000").build()).endMetadata().build())
                .create();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.configMaps().inNamespace(ns).withName("dangling").get() == null);
        assertThat(client.configMaps().inNamespace(ns).withName("kept").get()).isNotNull();
        client.configMaps().inNamespace(ns).withName("owner").delete();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.configMaps().inNamespace(ns).withName("kept").get() == null);
    }

    @Test
    void orphanPropagationKeepsDependentsAndRemovesTheirOwnerReferences() {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "orph");
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("orph").endMetadata().withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels)
                .endSelector().withTemplate(template(labels, "nginx:1.7.9")).endSpec().build()).create();
        awaitPods(ns, 2);
        var handle = client.apps().replicaSets().inNamespace(ns).withName("orph");
        addFinalizer(handle, GarbageCollector.ORPHAN);
        handle.delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> handle.get() == null);
        List<Pod> pods = activePods(client, ns);
        assertThat(pods).hasSize(2);
        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty());
        assertThat(rs.getMetadata().getUid()).isNotNull();
    }

    @Test
    void foregroundDeletionRemovesDependentsBeforeTheOwner() throws Exception {
        String ns = cluster.newNamespace();
        deployment(ns, "fg", 2);
        awaitPods(ns, 2);
        List<String> events = new CopyOnWriteArrayList<>();
        Watcher<HasMetadata> recorder = new Watcher<>() {
            @Override
            public void eventReceived(Action action, HasMetadata obj) {
                if (action == Action.DELETED) {
                    events.add(obj.getKind() + "/" + obj.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
        try (Watch pods = client.pods().inNamespace(ns).watch(cast(recorder));
             Watch rss = client.apps().replicaSets().inNamespace(ns).watch(cast(recorder));
             Watch ds = client.apps().deployments().inNamespace(ns).watch(cast(recorder))) {
            var handle = client.apps().deployments().inNamespace(ns).withName("fg");
            addFinalizer(handle, GarbageCollector.FOREGROUND);
            handle.delete();
            // Marked, not gone: the owner waits for its dependents.
            assertThat(handle.get()).isNotNull().satisfies(d -> assertThat(d.getMetadata().getDeletionTimestamp()).isNotNull());
            await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("Deployment/fg"));
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            int deploymentGone = events.indexOf("Deployment/fg");
            assertThat(events.subList(0, deploymentGone)).filteredOn(e -> e.startsWith("Pod/")).hasSize(2);
            assertThat(events.subList(0, deploymentGone)).filteredOn(e -> e.startsWith("ReplicaSet/")).hasSize(1);
            int rsGone = events.indexOf(events.stream().filter(e -> e.startsWith("ReplicaSet/")).findFirst().orElseThrow());
            assertThat(events.subList(0, rsGone)).as("the ReplicaSet went in the foreground too")
                    .filteredOn(e -> e.startsWith("Pod/")).hasSize(2);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Watcher<T> cast(Watcher<HasMetadata> w) {
        return (Watcher<T>) (Watcher<?>) w;
    }
}
