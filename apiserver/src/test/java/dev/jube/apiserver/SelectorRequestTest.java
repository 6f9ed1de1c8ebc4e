package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** labelSelector and fieldSelector on list, deletecollection and name validation on create. */
class SelectorRequestTest {

    private static final String PODS = "/api/v1/namespaces/sel/pods";
    private static final String CONFIGMAPS = "/api/v1/namespaces/sel/configmaps";

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"sel\"}}");
        for (String[] p : new String[][] {{"a", "web", "n1"}, {"b", "db", "n2"}, {"c", "cache", ""}}) {
            String labels = "\"app\":\"" + p[1] + "\"" + (p[0].equals("c") ? ",\"canary\":\"true\"" : "");
            String node = p[2].isEmpty() ? "" : ",\"nodeName\":\"" + p[2] + "\"";
            post(PODS, "{\"metadata\":{\"name\":\"" + p[0] + "\",\"labels\":{" + labels + "}},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]" + node + "}}");
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void post(String path, String json) throws Exception {
        var r = cluster.send("POST", path, "application/json", json, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static HttpResponse<String> list(String path, String param, String selector) throws Exception {
        return cluster.send("GET", path + "?" + param + "=" + URLEncoder.encode(selector, StandardCharsets.UTF_8),
                null, null, null);
    }

    private static List<String> names(String path, String param, String selector) throws Exception {
        var r = list(path, param, selector);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : Json.parse(r.body().getBytes()).path("items")) {
            names.add(item.path("metadata").path("name").asString());
        }
        return names;
    }

    @Test
    void setBasedLabelSelectors() throws Exception {
        assertThat(names(PODS, "labelSelector", "app in (web,db)")).containsExactly("a", "b");
        assertThat(names(PODS, "labelSelector", "app notin (web)")).containsExactly("b", "c");
        assertThat(names(PODS, "labelSelector", "!canary")).containsExactly("a", "b");
        assertThat(names(PODS, "labelSelector", "canary,app=cache")).containsExactly("c");
        assertThat(names(PODS, "labelSelector", "app!=web,app!=db")).containsExactly("c");
    }

    @Test
    void badLabelSelectorsAreBadRequests() throws Exception {
        var r = list(PODS, "labelSelector", "app in (web");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parse(r.body().getBytes()).path("reason").asString()).isEqualTo("BadRequest");
        var key = list(PODS, "labelSelector", "bad key=x");
        assertThat(key.statusCode()).isEqualTo(400);
    }

    @Test
    void fieldSelectorsUseTheKindsFields() throws Exception {
        assertThat(names(PODS, "fieldSelector", "metadata.name=b")).containsExactly("b");
        assertThat(names(PODS, "fieldSelector", "spec.nodeName=n1")).containsExactly("a");
        assertThat(names(PODS, "fieldSelector", "spec.nodeName=")).containsExactly("c");
        assertThat(names(PODS, "fieldSelector", "status.phase=Pending,metadata.name!=a")).containsExactly("b", "c");
        assertThat(names("/api/v1/pods", "fieldSelector", "metadata.namespace=sel")).containsExactly("a", "b", "c");
        assertThat(names("/api/v1/namespaces", "fieldSelector", "status.phase=Active")).contains("default", "sel");
    }

    @Test
    void unsupportedFieldsAreBadRequestsWithUpstreamsMessage() throws Exception {
        var r = list(PODS, "fieldSelector", "spec.containers=x");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode status = Json.parse(r.body().getBytes());
        assertThat(status.path("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.path("message").asString()).isEqualTo("field label not supported: spec.containers");
        var cm = list(CONFIGMAPS, "fieldSelector", "spec.nodeName=n1");
        assertThat(cm.statusCode()).isEqualTo(400);
        assertThat(cm.body()).contains("field label not supported: spec.nodeName");
        var watch = cluster.send("GET", PODS + "?watch=true&fieldSelector=data.x%3D1", null, null, null);
        assertThat(watch.statusCode()).isEqualTo(400);
    }

    @Test
    void deleteCollectionHonoursSetBasedSelectors() throws Exception {
        for (String n : List.of("d1", "d2", "d3")) {
            post(CONFIGMAPS, "{\"metadata\":{\"name\":\"" + n + "\",\"labels\":{\"grp\":\"" + n + "\"}}}");
        }
        var r = cluster.send("DELETE", CONFIGMAPS + "?labelSelector="
                + URLEncoder.encode("grp in (d1,d3)", StandardCharsets.UTF_8), null, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(names(CONFIGMAPS, "labelSelector", "grp")).containsExactly("d2");
    }

    @Test
    void namesAreCheckedByTheKindsRuleAndGenerateNameToo() throws Exception {
        var svc = cluster.send("POST", "/api/v1/namespaces/sel/services", "application/json",
                "{\"metadata\":{\"name\":\"1svc\"},\"spec\":{\"ports\":[{\"port\":80}]}}", null);
        assertThat(svc.statusCode()).isEqualTo(422);
        assertThat(svc.body()).contains("a DNS-1035 label must consist of lower case alphanumeric characters");
        var ns = cluster.send("POST", "/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"a.b\"}}", null);
        assertThat(ns.statusCode()).isEqualTo(422);
        assertThat(ns.body()).contains("metadata.name: Invalid value: \\\"a.b\\\": must not contain dots");
        var gen = cluster.send("POST", CONFIGMAPS, "application/json",
                "{\"metadata\":{\"generateName\":\"Gen-\"}}", null);
        assertThat(gen.statusCode()).isEqualTo(422);
        assertThat(gen.body()).contains("metadata.generateName: Invalid value: \\\"Gen-\\\"");
        var genOk = cluster.send("POST", CONFIGMAPS, "application/json",
                "{\"metadata\":{\"generateName\":\"gen-\"}}", null);
        assertThat(genOk.statusCode()).isEqualTo(201);
        var finalizer = cluster.send("POST", CONFIGMAPS, "application/json",
                "{\"metadata\":{\"name\":\"fin\",\"finalizers\":[\"bad/finalizer/name\"]}}", null);
        assertThat(finalizer.statusCode()).isEqualTo(422);
        assertThat(finalizer.body()).contains("\"field\":\"metadata.finalizers[0]\"");
    }
}
