package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** PATCH with application/apply-patch+yaml, and managedFields kept by ordinary writes. */
class ServerSideApplyRequestTest {

    private static final String APPLY = "application/apply-patch+yaml";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

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

    private static HttpResponse<String> send(String method, String path, String type, String body, String agent)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.server.url() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (agent != null) {
            b.header("User-Agent", agent);
        }
        return cluster.http(true).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> managers(JsonNode obj) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            out.add(e.path("manager").asString() + "/" + e.path("operation").asString());
        }
        return out;
    }

    private static String deployment(String name, String image, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: main
                        image: %s
                """.formatted(name, replicas, name, name, image);
    }

    @Test
    void applyCreatesThenUpdatesAndOwnsTheAppliedFields() throws Exception {
        String path = DEPLOYMENTS + "/ssa?fieldManager=alice";
        JsonNode created = json(send("PATCH", path, APPLY, deployment("ssa", "a:1", 2), null), 201);
        assertThat(managers(created)).containsExactly("alice/Apply");
        JsonNode fields = created.path("metadata").path("managedFields").get(0).path("fieldsV1");
        assertThat(fields.path("f:spec").has("f:replicas")).isTrue();
        assertThat(fields.path("f:spec").path("f:template").path("f:spec").path("f:containers")
                .has("k:{\"name\":\"main\"}")).isTrue();

        JsonNode updated = json(send("PATCH", path, APPLY, deployment("ssa", "a:2", 2), null), 200);
        assertThat(updated.path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asString()).isEqualTo("a:2");
        assertThat(updated.path("metadata").path("generation").asLong()).isEqualTo(2);
        JsonNode same = json(send("PATCH", path, APPLY, deployment("ssa", "a:2", 2), null), 200);
        assertThat(same.path("metadata").path("resourceVersion").asString())
                .as("an apply that changes nothing writes nothing")
                .isEqualTo(updated.path("metadata").path("resourceVersion").asString());
    }

    @Test
    void conflictsWithAnotherManagerAre409UnlessForced() throws Exception {
        json(send("PATCH", DEPLOYMENTS + "/contested?fieldManager=alice", APPLY, deployment("contested", "a:1", 1), null),
                201);
        var conflict = send("PATCH", DEPLOYMENTS + "/contested?fieldManager=bob", APPLY,
                deployment("contested", "b:1", 3), null);
        JsonNode status = json(conflict, 409);
        assertThat(status.path("reason").asString()).isEqualTo("Conflict");
        assertThat(status.path("message").asString()).startsWith("Apply failed with 2 conflicts: conflicts with \"alice\":");
        JsonNode causes = status.path("details").path("causes");
        assertThat(causes.size()).isEqualTo(2);
        List<String> fields = new ArrayList<>();
        for (JsonNode c : causes) {
            assertThat(c.path("reason").asString()).isEqualTo("FieldManagerConflict");
            assertThat(c.path("message").asString()).isEqualTo("conflict with \"alice\"");
            fields.add(c.path("field").asString());
        }
        assertThat(fields).containsExactlyInAnyOrder(".spec.replicas",
                ".spec.template.spec.containers[name=\"main\"].image");

        JsonNode forced = json(send("PATCH", DEPLOYMENTS + "/contested?fieldManager=bob&force=true", APPLY,
                deployment("contested", "b:1", 3), null), 200);
        assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(managers(forced)).contains("alice/Apply", "bob/Apply");
    }

    @Test
    void applyOptionsAreChecked() throws Exception {
        var noManager = send("PATCH", CONFIGMAPS + "/opts", APPLY,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"opts\"}}", null);
        assertThat(json(noManager, 422).path("message").asString()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        var wrongKind = send("PATCH", CONFIGMAPS + "/opts?fieldManager=x", APPLY,
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: opts\n", null);
        assertThat(json(wrongKind, 400).path("message").asString()).contains("must be of type ConfigMap");
        var otherName = send("PATCH", CONFIGMAPS + "/opts?fieldManager=x", APPLY,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n", null);
        assertThat(json(otherName, 400).path("message").asString())
                .isEqualTo("the name of the object (other) does not match the name on the URL (opts)");
        var notYaml = send("PATCH", CONFIGMAPS + "/opts?fieldManager=x", APPLY, "a: [", null);
        assertThat(notYaml.statusCode()).isEqualTo(400);
        var longName = send("POST", CONFIGMAPS + "?fieldManager=" + "m".repeat(129), "application/json",
                "{\"metadata\":{\"name\":\"long\"}}", null);
        assertThat(json(longName, 422).path("message").asString()).isEqualTo(
                "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes");
    }

    @Test
    void ordinaryWritesRecordUpdateManagers() throws Exception {
        JsonNode created = json(send("POST", CONFIGMAPS, "application/json",
                "{\"metadata\":{\"name\":\"tracked\"},\"data\":{\"a\":\"1\"}}", "kubectl-create/v1.32.0 (linux/amd64)"), 201);
        assertThat(managers(created)).containsExactly("kubectl-create/Update");
        assertThat(created.path("metadata").path("managedFields").get(0).path("fieldsV1").path("f:data").has("f:a"))
                .isTrue();

        JsonNode patched = json(send("PATCH", CONFIGMAPS + "/tracked?fieldManager=editor",
                "application/merge-patch+json", "{\"data\":{\"b\":\"2\"}}", null), 200);
        assertThat(managers(patched)).containsExactlyInAnyOrder("kubectl-create/Update", "editor/Update");

        JsonNode current = json(send("GET", CONFIGMAPS + "/tracked", null, null, null), 200);
        ((tools.jackson.databind.node.ObjectNode) current.path("data")).put("a", "10");
        JsonNode replaced = json(send("PUT", CONFIGMAPS + "/tracked", "application/json", current.toString(),
                "kubectl-replace/v1.32.0"), 200);
        assertThat(managers(replaced)).contains("kubectl-replace/Update");
        JsonNode applied = json(send("PATCH", CONFIGMAPS + "/tracked?fieldManager=editor&force=true", APPLY,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tracked\ndata:\n  c: '3'\n", null), 200);
        assertThat(applied.path("data").path("c").asString()).isEqualTo("3");
        assertThat(managers(applied)).contains("editor/Apply");
    }
}
