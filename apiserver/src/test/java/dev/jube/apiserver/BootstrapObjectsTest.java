package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What every cluster has from its first start, and how a restart keeps it. */
class BootstrapObjectsTest {

    private static final String SVC = "/api/v1/namespaces/default/services";

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theKubernetesServicePointsAtThisServer() throws Exception {
        JsonNode svc = api.get(SVC + "/kubernetes").body();
        assertThat(svc.path("spec").path("clusterIP").asString()).isEqualTo("10.96.0.1");
        JsonNode port = svc.path("spec").path("ports").get(0);
        assertThat(port.path("name").asString()).isEqualTo("https");
        assertThat(port.path("port").asInt()).isEqualTo(443);
        assertThat(port.path("targetPort").asInt()).isEqualTo(cluster.server.port());
        JsonNode ep = api.get("/api/v1/namespaces/default/endpoints/kubernetes").body();
        assertThat(ep.path("subsets").get(0).path("addresses").get(0).path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(ep.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(cluster.server.port());
        JsonNode slice = api.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes").body();
        assertThat(slice.path("metadata").path("labels").path("kubernetes.io/service-name").asString())
                .isEqualTo("kubernetes");
        assertThat(slice.path("endpoints").get(0).path("addresses").get(0).asString()).isEqualTo("127.0.0.1");
        JsonNode critical = api.get("/apis/scheduling.k8s.io/v1/priorityclasses/system-node-critical").body();
        assertThat(critical.path("value").asLong()).isEqualTo(2000001000L);
        assertThat(api.get("/apis/scheduling.k8s.io/v1/priorityclasses/system-cluster-critical").body()
                .path("value").asLong()).isEqualTo(2000000000L);
        aRestartedServerKeepsTheObjectsAndMovesTheEndpoints();
    }

    /** Called at the end of the test above: the order matters, the restarted server takes over the endpoints. */
    private void aRestartedServerKeepsTheObjectsAndMovesTheEndpoints() throws Exception {
        String uid = api.get(SVC + "/kubernetes").body().path("metadata").path("uid").asString();
        try (ApiServer restarted = ApiServer.start(ApiServerConfig.defaults(cluster.store, dir)
                .withBindAddress("127.0.0.1").withPort(0))) {
            Api again = Api.of(cluster, restarted);
            JsonNode svc = again.get(SVC + "/kubernetes").body();
            assertThat(svc.path("metadata").path("uid").asString()).isEqualTo(uid);
            assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(restarted.port());
            JsonNode ep = again.get("/api/v1/namespaces/default/endpoints/kubernetes").body();
            assertThat(ep.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(restarted.port());
            JsonNode classes = again.get("/apis/scheduling.k8s.io/v1/priorityclasses").body().path("items");
            long system = 0;
            for (JsonNode c : classes) {
                system += c.path("metadata").path("name").asString().startsWith("system-") ? 1 : 0;
            }
            assertThat(system).as("the built-in classes are not created twice").isEqualTo(2);
        }
    }

    @Test
    void namespacesAndClaimsGetTheirDefaults() throws Exception {
        JsonNode ns = api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"team\"}}");
        assertThat(ns.path("spec").path("finalizers").get(0).asString()).isEqualTo("kubernetes");
        assertThat(ns.path("status").path("phase").asString()).isEqualTo("Active");
        assertThat(ns.path("metadata").path("labels").path("kubernetes.io/metadata.name").asString()).isEqualTo("team");
        Api.Reply dotted = api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"a.b\"}}");
        assertThat(dotted.causes()).singleElement().asString().startsWith("metadata.name: Invalid value: \"a.b\"");

        String pvcs = "/api/v1/namespaces/default/persistentvolumeclaims";
        JsonNode pvc = api.create(pvcs, """
                {"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                "resources":{"requests":{"storage":"1Gi"}}}}""");
        assertThat(pvc.path("spec").path("volumeMode").asString()).isEqualTo("Filesystem");
        assertThat(pvc.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(api.mergePatch(pvcs + "/data", "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}")
                .code()).isEqualTo(200);
        Api.Reply immutable = api.mergePatch(pvcs + "/data", "{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}");
        assertThat(immutable.causes()).containsExactly("spec: Forbidden: spec is immutable after creation except "
                + "resources.requests and volumeAttributesClassName for bound claims");
        Api.Reply missing = api.post(pvcs, "{\"metadata\":{\"name\":\"nothing\"},\"spec\":{}}");
        assertThat(missing.causes()).containsExactly(
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value");
    }

    @Test
    void priorityClassesAreCheckedAndFixed() throws Exception {
        String pcs = "/apis/scheduling.k8s.io/v1/priorityclasses";
        JsonNode pc = api.create(pcs, "{\"metadata\":{\"name\":\"high\"},\"value\":1000}");
        assertThat(pc.path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
        assertThat(api.mergePatch(pcs + "/high", "{\"value\":5}").causes())
                .containsExactly("value: Forbidden: may not be changed in an update.");
        assertThat(api.post(pcs, "{\"metadata\":{\"name\":\"system-mine\"},\"value\":1}").causes())
                .containsExactly("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved "
                        + "for system use only");
        assertThat(api.post(pcs, "{\"metadata\":{\"name\":\"huge\"},\"value\":2000000000}").causes())
                .containsExactly("value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
    }

    @Test
    void objectsOnlyGoIntoLiveNamespaces() throws Exception {
        Api.Reply missing = api.post("/api/v1/namespaces/nowhere/configmaps", "{\"metadata\":{\"name\":\"c\"}}");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("namespaces \"nowhere\" not found");

        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"leaving\",\"finalizers\":[\"test/hold\"]}}");
        assertThat(api.delete("/api/v1/namespaces/leaving").code()).isEqualTo(200);
        Api.Reply terminating = api.post("/api/v1/namespaces/leaving/configmaps", "{\"metadata\":{\"name\":\"c\"}}");
        assertThat(terminating.code()).isEqualTo(403);
        assertThat(terminating.message()).isEqualTo("configmaps \"c\" is forbidden: unable to create new content in "
                + "namespace leaving because it is being terminated");

        Api.Reply system = api.delete("/api/v1/namespaces/default");
        assertThat(system.code()).isEqualTo(403);
        assertThat(system.message()).isEqualTo("namespaces \"default\" is forbidden: this namespace may not be deleted");
    }
}
