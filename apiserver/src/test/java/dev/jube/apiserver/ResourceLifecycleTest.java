package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLifecycleTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void systemNamespacesExistAndNamespacesCanBeCreatedAndDeleted() {
        assertThat(cluster.client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("default", "kube-system", "kube-public", "kube-node-lease");
        var ns = cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .endMetadata().build()).create();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(cluster.client.namespaces().withName("team-a").get()).isNotNull();
        cluster.client.namespaces().withName("team-a").delete();
        // Terminating until its finalizers are emptied (the namespace controller's job), then gone.
        var terminating = cluster.client.namespaces().withName("team-a").get();
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        cluster.client.raw(cluster.client.getMasterUrl() + "api/v1/namespaces/team-a/finalize", "PUT",
                Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "team-a"),
                        "spec", Map.of("finalizers", List.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.client.namespaces().withName("team-a").get() == null);
    }

    @Test
    void podsAreCreatedPendingAndListedAcrossNamespaces() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p1").addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        Pod created = cluster.client.pods().inNamespace("default").resource(pod).create();
        assertThat(created.getStatus().getPhase()).as("status is server-owned on create").isEqualTo("Pending");
        assertThat(cluster.client.pods().inAnyNamespace().list().getItems()).extracting(p -> p.getMetadata().getName())
                .contains("p1");
        assertThat(cluster.client.pods().inNamespace("default").withLabel("app", "web").list().getItems()).hasSize(1);
        assertThat(cluster.client.pods().inNamespace("default").withLabel("app", "db").list().getItems()).isEmpty();

        Pod noContainers = new PodBuilder().withNewMetadata().withName("p2").endMetadata().withNewSpec().endSpec().build();
        assertThatThrownBy(() -> cluster.client.pods().inNamespace("default").resource(noContainers).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("spec.containers: Required value");
                });
        cluster.client.pods().inNamespace("default").withName("p1").delete();
        assertThat(cluster.client.pods().inNamespace("default").withName("p1").get()).isNull();
    }

    @Test
    void watchDeliversAddedModifiedDeleted() throws Exception {
        var cms = cluster.client.configMaps().inNamespace("default");
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Watch watch = cms.withLabel("watched", "yes").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + ":" + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("w1").addToLabels("watched", "yes")
                    .endMetadata().addToData("a", "1").build();
            cms.resource(cm).create();
            cms.withName("w1").edit(c -> new ConfigMapBuilder(c).addToData("b", "2").build());
            cms.withName("w1").delete();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events).containsExactly("ADDED:w1", "MODIFIED:w1", "DELETED:w1"));
        } finally {
            watch.close();
        }
    }

    @Test
    void informerSeesTheStateAndChanges() {
        var cms = cluster.client.configMaps().inNamespace("kube-public");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("before").endMetadata().build()).create();
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        SharedIndexInformer<ConfigMap> informer = cms.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                deleted.add(obj.getMetadata().getName());
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> informer.getStore().getByKey("kube-public/before") != null);
            cms.resource(new ConfigMapBuilder().withNewMetadata().withName("after").endMetadata().build()).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> informer.getStore().getByKey("kube-public/after") != null);
            cms.withName("before").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> deleted.contains("before"));
        } finally {
            informer.close();
        }
    }

    @Test
    void listPagingReturnsEveryObjectOnce() {
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("paging").endMetadata()
                .build()).create();
        var cms = cluster.client.configMaps().inNamespace("paging");
        for (int i = 0; i < 7; i++) {
            cms.resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().build()).create();
        }
        List<String> names = new ArrayList<>();
        String cont = null;
        int pages = 0;
        do {
            ConfigMapList page = cms.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L)
                    .withContinue(cont).build());
            page.getItems().forEach(c -> names.add(c.getMetadata().getName()));
            cont = page.getMetadata().getContinue();
            if (pages == 0) {
                assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(4L);
            }
            pages++;
        } while (cont != null && !cont.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6");
    }

    @Test
    void finalizersDelayDeletionUntilTheyAreRemoved() {
        var cms = cluster.client.configMaps().inNamespace("default");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("guarded").addToFinalizers("example.com/keep")
                .endMetadata().build()).create();
        cms.withName("guarded").delete();
        ConfigMap marked = cms.withName("guarded").get();
        assertThat(marked).isNotNull();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isZero();

        marked.getMetadata().setFinalizers(List.of());
        cms.resource(marked).update();
        assertThat(cms.withName("guarded").get()).isNull();
    }

    @Test
    void statusSubresourceSplitsSpecFromStatusAndGenerationFollowsSpec() {
        var deployments = cluster.client.apps().deployments().inNamespace("default");
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx")
                .endContainer().endSpec().endTemplate().endSpec().build();
        Deployment created = deployments.resource(d).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);

        created.setStatus(new DeploymentStatusBuilder().withReplicas(5).build());
        Deployment sameSpec = deployments.resource(created).update();
        assertThat(sameSpec.getStatus() == null || sameSpec.getStatus().getReplicas() == null).isTrue();
        assertThat(sameSpec.getMetadata().getGeneration()).isEqualTo(1L);

        sameSpec.setStatus(new DeploymentStatusBuilder().withReplicas(3).build());
        sameSpec.getSpec().setReplicas(4);
        Deployment statusOnly = deployments.resource(sameSpec).updateStatus();
        assertThat(statusOnly.getStatus().getReplicas()).isEqualTo(3);
        assertThat(statusOnly.getSpec().getReplicas()).as("spec ignored on /status").isEqualTo(1);

        Deployment scaled = deployments.withName("web").edit(x -> {
            x.getSpec().setReplicas(2);
            return x;
        });
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(scaled.getStatus().getReplicas()).isEqualTo(3);
    }

    @Test
    void mergeAndJsonPatchesApply() {
        var cms = cluster.client.configMaps().inNamespace("default");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("patched").endMetadata()
                .addToData("a", "1").addToData("b", "2").build()).create();
        ConfigMap merged = cms.withName("patched").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"a\":null,\"c\":\"3\"}}");
        assertThat(merged.getData()).isEqualTo(Map.of("b", "2", "c", "3"));
        ConfigMap jsonPatched = cms.withName("patched").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/data/b\",\"value\":\"20\"}]");
        assertThat(jsonPatched.getData()).containsEntry("b", "20");
        ConfigMap strategic = cms.withName("patched").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"data\":{\"x\":\"y\"}}");
        assertThat(strategic.getData()).isEqualTo(Map.of("b", "20", "c", "3", "x", "y"));
    }

    @Test
    void orphanAndForegroundDeletionAreRecordedAsFinalizersForTheGarbageCollector() throws Exception {
        for (String[] c : new String[][] {{"Orphan", "orphan"}, {"Foreground", "foregroundDeletion"}}) {
            String name = "gc-" + c[1].toLowerCase();
            cluster.client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName(name).endMetadata().build()).create();
            var deleted = cluster.send("DELETE", "/api/v1/namespaces/default/configmaps/" + name, "application/json",
                    "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"" + c[0] + "\"}", null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            var kept = cluster.client.configMaps().inNamespace("default").withName(name).get();
            assertThat(kept.getMetadata().getFinalizers()).as(c[0]).containsExactly(c[1]);
            assertThat(kept.getMetadata().getDeletionTimestamp()).isNotNull();

            // The garbage collector's part: once it removes the finalizer, the object is gone.
            kept.getMetadata().setFinalizers(java.util.List.of());
            cluster.client.configMaps().inNamespace("default").resource(kept).update();
            assertThat(cluster.client.configMaps().inNamespace("default").withName(name).get()).isNull();
        }
        cluster.client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("gc-background").endMetadata().build()).create();
        var background = cluster.send("DELETE", "/api/v1/namespaces/default/configmaps/gc-background?propagationPolicy=Background",
                null, null, null);
        assertThat(background.statusCode()).isEqualTo(200);
        assertThat(cluster.client.configMaps().inNamespace("default").withName("gc-background").get()).isNull();
    }
}
