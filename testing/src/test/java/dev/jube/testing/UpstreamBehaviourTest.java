package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behaviour upstream's API server has that clients rely on: unconditional patches under contention,
 * typed decoding errors, Secret stringData, namespace lifecycle, and the other cases below.
 */
class UpstreamBehaviourTest {

    private static JubeCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void strategicMergePatchMergesContainersByName() {
        var deployments = client.apps().deployments().inNamespace("default");
        deployments.resource(new DeploymentBuilder().withNewMetadata().withName("smp").endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", "smp").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "smp").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec().build()).create();
        var after = deployments.withName("smp").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox\"},"
                        + "{\"name\":\"app\",\"image\":\"nginx:1.28\"}]}}}}");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactlyInAnyOrder("app=nginx:1.28", "sidecar=busybox");
    }

    @Test
    void serverSideApplyCreatesTracksOwnersAndReportsConflicts() {
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("ssa").withNamespace("default")
                .endMetadata().addToData("owner", "alice").build();
        ConfigMap created = client.resource(desired).fieldManager("alice").serverSideApply();
        assertThat(created.getData()).containsEntry("owner", "alice");
        assertThat(created.getMetadata().getManagedFields()).anySatisfy(m -> {
            assertThat(m.getManager()).isEqualTo("alice");
            assertThat(m.getOperation()).isEqualTo("Apply");
        });
        ConfigMap bobs = new ConfigMapBuilder(desired).addToData("owner", "bob").build();
        assertThatThrownBy(() -> client.resource(bobs).fieldManager("bob").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        ConfigMap forced = client.resource(bobs).fieldManager("bob").forceConflicts().serverSideApply();
        assertThat(forced.getData()).containsEntry("owner", "bob");
    }

    @Test
    void concurrentMergePatchesWithoutResourceVersionAllSucceed() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("contended").endMetadata().build()).create();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 10; i++) {
                        client.configMaps().inNamespace("default").withName("contended").patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"data\":{\"k-" + thread + "-" + i + "\":\"v\"}}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.configMaps().inNamespace("default").withName("contended").get().getData()).hasSize(80);
    }

    @Test
    void aJsonPatchWhoseTestFailsIsUnprocessable() {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("jp-test").endMetadata().addToData("b", "2").build()).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("jp-test").patch(
                PatchContext.of(PatchType.JSON), "[{\"op\":\"test\",\"path\":\"/data/b\",\"value\":\"not-2\"}]"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    private static RawApi raw() {
        return new RawApi(cluster);
    }

    @Test
    void labelSelectorSyntaxErrorsAreBadRequests() throws Exception {
        try (RawApi api = raw()) {
            for (String sel : new String[] {"a%3D%3D%3Db", "key%3Dbad%20value"}) {
                assertThat(api.get("/api/v1/namespaces/default/configmaps?labelSelector=" + sel).status()).as(sel)
                        .isEqualTo(400);
            }
        }
    }

    @Test
    void setBasedLabelSelectorsWork() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("env-a")
                .addToLabels("env", "a").endMetadata().build()).create();
        assertThat(client.configMaps().inNamespace("default").withLabelIn("env", "a", "b").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("env-a");
    }

    @Test
    void fieldSelectorsOnUnsupportedFieldsAreBadRequests() throws Exception {
        try (RawApi api = raw()) {
            assertThat(api.get("/api/v1/namespaces/default/configmaps?fieldSelector=data.k%3Dv").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void secretStringDataIsMergedIntoData() {
        var s = client.secrets().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("sd").endMetadata().addToStringData("user", "admin").build()).create();
        assertThat(s.getStringData()).isNullOrEmpty();
        assertThat(s.getData()).containsEntry("user", "YWRtaW4=");
        assertThat(s.getType()).isEqualTo("Opaque");
    }

    @Test
    void serviceGetsAClusterIpAndDefaultedPorts() {
        var svc = client.services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("svc").endMetadata().withNewSpec().addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        assertThat(svc.getSpec().getClusterIP()).isNotBlank();
        assertThat(svc.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(svc.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);
    }

    @Test
    void deletingANamespaceLeavesItTerminating() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("doomed").endMetadata().build()).create();
        assertThat(client.namespaces().withName("doomed").get().getSpec().getFinalizers()).containsExactly("kubernetes");
        client.namespaces().withName("doomed").delete();
        var ns = client.namespaces().withName("doomed").get();
        assertThat(ns).isNotNull();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(ns.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThatThrownBy(() -> client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("late").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    @Test
    void emptyingANamespacesFinalizersRemovesItOnceDeleted() throws Exception {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("finalized").endMetadata().build()).create();
        client.namespaces().withName("finalized").delete();
        try (RawApi api = raw()) {
            var reply = api.send("PUT", "/api/v1/namespaces/finalized/finalize", "application/json",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"finalized\"},\"spec\":{\"finalizers\":[]}}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(client.namespaces().withName("finalized").get()).isNull();
    }



    @Test
    void theDefaultNamespaceMayNotBeDeleted() {
        assertThatThrownBy(() -> client.namespaces().withName("default").delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    @Test
    void creatingInAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("no-such-ns").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("orphan").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void aConfigMapOverOneMebibyteIsInvalid() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("big").endMetadata().addToData("k", "x".repeat(1_100_000)).build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void aPatchCarryingAStaleResourceVersionIsStillAConflict() {
        var cms = client.configMaps().inNamespace("default");
        ConfigMap first = cms.resource(new ConfigMapBuilder().withNewMetadata().withName("guarded").endMetadata()
                .addToData("a", "1").build()).create();
        String stale = first.getMetadata().getResourceVersion();
        cms.withName("guarded").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"2\"}}");
        assertThatThrownBy(() -> cms.withName("guarded").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"data\":{\"a\":\"3\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(cms.withName("guarded").get().getData()).containsEntry("a", "2");
    }

    @Test
    void concurrentUpdatesWithoutResourceVersionAllSucceed() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("contended-put").endMetadata().build()).create();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RawApi api = raw()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        var reply = api.send("PUT", "/api/v1/namespaces/default/configmaps/contended-put",
                                "application/json", ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                                        + "{\"name\":\"contended-put\"},\"data\":{\"last\":\"" + thread + "-" + i
                                        + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        if (reply.status() != 200) {
                            return reply.status();
                        }
                    }
                    return 200;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedAsUpstreamsDecoderDoes() throws Exception {
        try (RawApi api = raw()) {
            var cm = api.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"typed-data\"},\"data\":{\"k\":1}}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(cm.status()).as(cm.body()).isEqualTo(400);
            assertThat(cm.json().path("message").asString()).isEqualTo("ConfigMap in version \"v1\" cannot be handled"
                    + " as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string");
            assertThat(api.get("/api/v1/namespaces/default/configmaps/typed-data").status()).isEqualTo(404);

            var pod = api.send("POST", "/api/v1/namespaces/default/pods", "application/json",
                    ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"typed-port\"},\"spec\":"
                            + "{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":\"eighty\"}]}]}}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(pod.status()).as(pod.body()).isEqualTo(400);
            assertThat(pod.json().path("message").asString()).isEqualTo("Pod in version \"v1\" cannot be handled as a"
                    + " Pod: json: cannot unmarshal string into Go struct field"
                    + " ContainerPort.spec.containers.ports.containerPort of type int32");

            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("typed-patch").endMetadata().build()).create();
            var patched = api.send("PATCH", "/api/v1/namespaces/default/configmaps/typed-patch",
                    "application/merge-patch+json", "{\"data\":{\"k\":true}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(patched.status()).as(patched.body()).isEqualTo(400);
            assertThat(patched.json().path("message").asString()).contains("cannot unmarshal bool into Go struct field"
                    + " ConfigMap.data of type string");
        }
    }

    @Test
    void secretStringDataReplacesDataOnUpdate() {
        var secrets = client.secrets().inNamespace("default");
        secrets.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("sd-update")
                .endMetadata().addToData("user", "YWRtaW4=").addToData("keep", "eA==").build()).create();
        var updated = secrets.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("sd-update").endMetadata().addToData("user", "YWRtaW4=").addToData("keep", "eA==")
                .addToStringData("user", "root").build()).update();
        assertThat(updated.getStringData()).isNullOrEmpty();
        assertThat(updated.getData()).containsEntry("user", "cm9vdA==").containsEntry("keep", "eA==");
        assertThat(secrets.withName("sd-update").get().getStringData()).isNullOrEmpty();
    }

    @Test
    void aWatchFromAFutureResourceVersionTimesOut() throws Exception {
        try (RawApi api = raw()) {
            var reply = api.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=10&resourceVersion=999999999");
            assertThat(reply.status()).as(reply.body()).isEqualTo(504);
            assertThat(reply.json().path("reason").asString()).isEqualTo("Timeout");
            assertThat(reply.json().path("message").asString()).startsWith("Too large resource version");
        }
    }
}
