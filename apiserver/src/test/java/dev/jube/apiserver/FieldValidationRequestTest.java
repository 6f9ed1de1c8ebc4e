package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** fieldValidation=Strict/Warn/Ignore on create, update, patch and apply, against the kinds' schemas. */
class FieldValidationRequestTest {

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
    private static final String PODS = "/api/v1/namespaces/default/pods";

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

    private static String pod(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"bogus\":1},\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"image\":\"i\",\"imagez\":\"x\"}]},\"extra\":true}";
    }

    @Test
    void strictCreateIsABadRequestNamingEveryUnknownField() throws Exception {
        var r = cluster.send("POST", PODS + "?fieldValidation=Strict", "application/json", pod("strict"), null);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode status = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(status.path("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.path("message").asString()).isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: "
                + "strict decoding error: unknown field \"metadata.bogus\", "
                + "unknown field \"spec.containers[0].imagez\", unknown field \"extra\"");
        assertThat(cluster.send("GET", PODS + "/strict", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void warnIsTheDefaultAndDropsTheFields() throws Exception {
        var r = cluster.send("POST", PODS, "application/json", pod("warned"), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().allValues("warning")).containsExactly(
                "299 - \"unknown field \\\"metadata.bogus\\\"\"",
                "299 - \"unknown field \\\"spec.containers[0].imagez\\\"\"",
                "299 - \"unknown field \\\"extra\\\"\"");
        assertThat(r.body()).doesNotContain("imagez").doesNotContain("bogus").doesNotContain("extra");
    }

    @Test
    void ignoreDropsSilently() throws Exception {
        var r = cluster.send("POST", PODS + "?fieldValidation=Ignore", "application/json", pod("ignored"), null);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("warning")).isEmpty();
        assertThat(r.body()).doesNotContain("imagez");
    }

    @Test
    void patchUpdateAndApplyAreCheckedToo() throws Exception {
        assertThat(cluster.send("POST", CONFIGMAPS, "application/json", "{\"metadata\":{\"name\":\"cm\"}}", null)
                .statusCode()).isEqualTo(201);
        var patch = cluster.send("PATCH", CONFIGMAPS + "/cm?fieldValidation=Strict", "application/merge-patch+json",
                "{\"dataz\":{\"a\":\"b\"}}", null);
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(Json.parse(patch.body().getBytes(StandardCharsets.UTF_8)).path("message").asString())
                .isEqualTo("strict decoding error: unknown field \"dataz\"");
        var warned = cluster.send("PATCH", CONFIGMAPS + "/cm", "application/merge-patch+json",
                "{\"dataz\":{\"a\":\"b\"},\"data\":{\"k\":\"v\"}}", null);
        assertThat(warned.statusCode()).isEqualTo(200);
        assertThat(warned.headers().allValues("warning")).containsExactly("299 - \"unknown field \\\"dataz\\\"\"");
        assertThat(warned.body()).contains("\"k\":\"v\"").doesNotContain("dataz");

        String current = cluster.send("GET", CONFIGMAPS + "/cm", null, null, null).body();
        var put = cluster.send("PUT", CONFIGMAPS + "/cm?fieldValidation=Strict", "application/json",
                current.replace("\"data\"", "\"datum\""), null);
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("ConfigMap in version \\\"v1\\\" cannot be handled as a ConfigMap: "
                + "strict decoding error: unknown field \\\"datum\\\"");

        var apply = cluster.send("PATCH", CONFIGMAPS + "/cm?fieldManager=m&fieldValidation=Strict",
                "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nextra: 1\n", null);
        assertThat(apply.statusCode()).isEqualTo(400);
        assertThat(apply.body()).contains("unknown field \\\"extra\\\"");

        var bad = cluster.send("POST", CONFIGMAPS + "?fieldValidation=Loose", "application/json",
                "{\"metadata\":{\"name\":\"x\"}}", null);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Json.parse(bad.body().getBytes(StandardCharsets.UTF_8)).path("message").asString())
                .isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": "
                        + "supported values: \"Ignore\", \"Strict\", \"Warn\"");
    }

    @Test
    void openMapsAndManagedFieldsAreNotFlagged() throws Exception {
        var r = cluster.send("POST", CONFIGMAPS + "?fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"maps\",\"labels\":{\"any\":\"x\"},\"annotations\":{\"a/b\":\"c\"}},"
                        + "\"data\":{\"whatever\":\"1\"},\"binaryData\":{\"b\":\"AA==\"}}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String current = cluster.send("GET", CONFIGMAPS + "/maps", null, null, null).body();
        assertThat(current).contains("managedFields");
        var put = cluster.send("PUT", CONFIGMAPS + "/maps?fieldValidation=Strict", "application/json", current, null);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
}
