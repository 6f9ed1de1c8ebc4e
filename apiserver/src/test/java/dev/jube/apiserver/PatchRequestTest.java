package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.BuiltinResources;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** PATCH of every type through the HTTP surface: results, and the status codes of bad patches. */
class PatchRequestTest {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
    private static final String WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        List<ResourceDescriptor> kinds = new ArrayList<>(BuiltinResources.descriptors());
        kinds.add(ResourceDescriptor.builder("example.com", "v1", "Widget", "widgets").build());
        cluster = TestCluster.start(dir, c -> c.withResources(kinds));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> patch(String path, String type, String body) throws Exception {
        return cluster.send("PATCH", path, type, body, null);
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body().getBytes());
    }

    private static void create(String path, String json) throws Exception {
        var r = cluster.send("POST", path, "application/json", json, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void strategicMergePatchMergesContainersByName() throws Exception {
        create(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"smp","labels":{"app":"smp","tier":"x"}},
                 "spec":{"selector":{"matchLabels":{"app":"smp"}},"template":{"metadata":{"labels":{"app":"smp"}},
                 "spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}""");
        JsonNode patched = ok(patch(DEPLOYMENTS + "/smp", "application/strategic-merge-patch+json", """
                {"metadata":{"labels":{"tier":null}},
                 "spec":{"template":{"spec":{"containers":[{"name":"b","image":"b:2"}]}}}}"""));
        JsonNode containers = patched.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(2);
        assertThat(containers.get(0).path("image").asString()).isEqualTo("a:1");
        assertThat(containers.get(1).path("image").asString()).isEqualTo("b:2");
        assertThat(patched.path("metadata").path("labels").has("tier")).isFalse();
        assertThat(patched.path("metadata").path("generation").asLong()).isEqualTo(2);

        JsonNode deleted = ok(patch(DEPLOYMENTS + "/smp", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"$patch\":\"delete\"}]}}}}"));
        assertThat(deleted.path("spec").path("template").path("spec").path("containers").size()).isEqualTo(1);
    }

    @Test
    void mergePatchReplacesListsWhole() throws Exception {
        create(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"merge"},
                 "spec":{"selector":{"matchLabels":{"app":"m"}},"template":{"metadata":{"labels":{"app":"m"}},
                 "spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}""");
        JsonNode patched = ok(patch(DEPLOYMENTS + "/merge", "application/merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"c:1\"}]}}}}"));
        JsonNode containers = patched.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        assertThat(containers.get(0).path("name").asString()).isEqualTo("c");
    }

    @Test
    void jsonPatchThatCannotApplyIsUnprocessableAndNamesTheOperation() throws Exception {
        create(CONFIGMAPS, "{\"metadata\":{\"name\":\"jp\"},\"data\":{\"a\":\"1\"}}");
        var failed = patch(CONFIGMAPS + "/jp", "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"2\"},{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"9\"}]");
        assertThat(failed.statusCode()).isEqualTo(422);
        assertThat(failed.body()).contains("\"reason\":\"Invalid\"").contains("json patch operation 1 (test /data/a)");
        assertThat(ok(cluster.send("GET", CONFIGMAPS + "/jp", null, null, null)).path("data").path("a").asString())
                .as("a failed patch writes nothing").isEqualTo("1");

        var missing = patch(CONFIGMAPS + "/jp", "application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/data/nope\"}]");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("json patch operation 0 (remove /data/nope)");

        var malformed = patch(CONFIGMAPS + "/jp", "application/json-patch+json", "[{\"op\":\"jump\",\"path\":\"/a\"}]");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("unknown op \\\"jump\\\"");

        var notAList = patch(CONFIGMAPS + "/jp", "application/json-patch+json", "{\"op\":\"add\"}");
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(notAList.body()).contains("a json patch must be a JSON array of operations");
    }

    @Test
    void patchBodiesThatAreNotJsonAreBadRequests() throws Exception {
        create(CONFIGMAPS, "{\"metadata\":{\"name\":\"bad\"}}");
        for (String type : List.of("application/merge-patch+json", "application/strategic-merge-patch+json",
                "application/json-patch+json")) {
            var r = patch(CONFIGMAPS + "/bad", type, "{not json");
            assertThat(r.statusCode()).as(type).isEqualTo(400);
            assertThat(r.body()).contains("the patch is not valid JSON");
        }
        var smpList = patch(CONFIGMAPS + "/bad", "application/strategic-merge-patch+json", "[1]");
        assertThat(smpList.statusCode()).isEqualTo(400);
        assertThat(smpList.body()).contains("a strategic merge patch must be a JSON object");
    }

    @Test
    void customResourcesRefuseStrategicMergePatchAsUpstream() throws Exception {
        create(WIDGETS, "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
                + "\"spec\":{\"size\":1}}");
        var smp = patch(WIDGETS + "/w", "application/strategic-merge-patch+json", "{\"spec\":{\"size\":2}}");
        assertThat(smp.statusCode()).isEqualTo(415);
        JsonNode status = Json.parse(smp.body().getBytes());
        assertThat(status.path("reason").asString()).isEqualTo("UnsupportedMediaType");
        assertThat(status.path("message").asString()).isEqualTo("the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml");
        assertThat(ok(patch(WIDGETS + "/w", "application/merge-patch+json", "{\"spec\":{\"size\":3}}"))
                .path("spec").path("size").asInt()).isEqualTo(3);
    }

    @Test
    void unknownPatchTypesListWhatBuiltinKindsAccept() throws Exception {
        create(CONFIGMAPS, "{\"metadata\":{\"name\":\"types\"}}");
        var r = patch(CONFIGMAPS + "/types", "application/json", "{}");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("accepted media types include: application/json-patch+json, "
                + "application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml");
    }

    @Test
    void forceIsOnlyForApplyPatches() throws Exception {
        create(CONFIGMAPS, "{\"metadata\":{\"name\":\"forced\"}}");
        var r = patch(CONFIGMAPS + "/forced?force=true", "application/merge-patch+json", "{\"data\":{\"a\":\"b\"}}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.parse(r.body().getBytes()).path("message").asString()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
    }

    @Test
    void patchesThatBreakValidationAreInvalidWithCauses() throws Exception {
        create(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"labels"},
                 "spec":{"selector":{"matchLabels":{"app":"l"}},"template":{"metadata":{"labels":{"app":"l"}},
                 "spec":{"containers":[{"name":"a","image":"a:1"}]}}}}""");
        var r = patch(DEPLOYMENTS + "/labels", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"bad key\":\"v\"},\"annotations\":{\"-x\":\"1\"}}}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode status = Json.parse(r.body().getBytes());
        assertThat(status.path("message").asString()).startsWith("Deployment.apps \"labels\" is invalid: [metadata.labels: "
                + "Invalid value: \"bad key\": name part must consist of alphanumeric characters");
        JsonNode details = status.path("details");
        assertThat(details.path("group").asString()).isEqualTo("apps");
        assertThat(details.path("kind").asString()).isEqualTo("Deployment");
        assertThat(details.path("causes").size()).isEqualTo(2);
        assertThat(details.path("causes").get(0).path("reason").asString()).isEqualTo("FieldValueInvalid");
        assertThat(details.path("causes").get(0).path("field").asString()).isEqualTo("metadata.labels");
        assertThat(details.path("causes").get(0).path("message").asString())
                .startsWith("Invalid value: \"bad key\": name part must consist of");
        assertThat(details.path("causes").get(1).path("field").asString()).isEqualTo("metadata.annotations");
    }
}
