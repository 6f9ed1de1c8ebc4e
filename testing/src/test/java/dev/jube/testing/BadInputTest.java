package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests over the raw HTTPS API: each gets a 4xx Status naming the problem (never a 500, a
 * hang or a partial write), and the object it tried to write does not exist afterwards.
 */
class BadInputTest {

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
    private static JubeCluster cluster;
    private static RawApi api;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        api = new RawApi(cluster);
    }

    @AfterAll
    static void stop() {
        api.close();
        cluster.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"data\":{\"k\":\"v\"}}";
    }

    /** Asserts a Status answer with this code whose message mentions every given word (case-insensitive). */
    private static JsonNode assertStatus(RawApi.Reply reply, int code, String... words) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(code);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode status = reply.json();
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        String message = status.path("message").asString().toLowerCase();
        assertThat(message).isNotBlank();
        for (String w : words) {
            assertThat(message).contains(w.toLowerCase());
        }
        return status;
    }

    private static void assertAbsent(String path) throws Exception {
        assertThat(api.get(path).status()).isEqualTo(404);
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        String truncated = configMap("broken-json");
        truncated = truncated.substring(0, truncated.length() - 10);
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(truncated)), 400, "json");
        assertAbsent(CONFIGMAPS + "/broken-json");

        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8("[1,2,3]")), 400);
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8("")), 400);
    }

    @Test
    void malformedYamlIsABadRequest() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: broken-yaml
                data: [unclosed
                """;
        assertStatus(api.send("POST", CONFIGMAPS, "application/yaml", utf8(yaml)), 400, "yaml");
        assertAbsent(CONFIGMAPS + "/broken-yaml");

        String wellFormed = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine-yaml\ndata:\n  k: v\n";
        assertThat(api.send("POST", CONFIGMAPS, "application/yaml", utf8(wellFormed)).status()).isEqualTo(201);
        assertThat(api.get(CONFIGMAPS + "/fine-yaml").json().path("data").path("k").asString()).isEqualTo("v");
    }

    @Test
    void fieldsOfTheWrongTypeAreABadRequest() throws Exception {
        String numericName = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":42}}";
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(numericName)), 400, "metadata.name");
        String labelsList = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"typed\","
                + "\"labels\":[\"a\"]}}";
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(labelsList)), 400, "labels");
        assertAbsent(CONFIGMAPS + "/typed");
    }

    @Test
    void aBodyForAnotherNamespaceIsABadRequest() throws Exception {
        String other = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"elsewhere\","
                + "\"namespace\":\"kube-system\"}}";
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(other)), 400, "namespace");
        assertAbsent(CONFIGMAPS + "/elsewhere");
        assertAbsent("/api/v1/namespaces/kube-system/configmaps/elsewhere");
    }

    @Test
    void anUnknownMediaTypeIsUnsupported() throws Exception {
        assertStatus(api.send("POST", CONFIGMAPS, "text/plain", utf8("name=plain")), 415);
        assertAbsent(CONFIGMAPS + "/plain");
    }

    @Test
    void unknownKindsGroupsAndVersionsAreNotFound() throws Exception {
        assertStatus(api.get("/api/v1/namespaces/default/widgets"), 404);
        assertStatus(api.send("POST", "/api/v1/namespaces/default/widgets", "application/json",
                utf8("{\"apiVersion\":\"v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}")), 404);
        assertStatus(api.get("/api/v2/namespaces/default/configmaps"), 404);
        assertStatus(api.get("/apis/apps/v9/namespaces/default/deployments"), 404);
        assertStatus(api.send("POST", "/apis/apps/v9/namespaces/default/deployments", "application/json",
                utf8("{\"apiVersion\":\"apps/v9\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"}}")), 404);
        assertStatus(api.get("/apis/nothing.example.com/v1/things"), 404);
        assertThat(api.get("/apis/apps/v1/namespaces/default/deployments").status()).isEqualTo(200);
    }

    @Test
    void aMissingObjectIsNotFoundByName() throws Exception {
        JsonNode status = assertStatus(api.get(CONFIGMAPS + "/nobody"), 404, "nobody");
        assertThat(status.path("reason").asString()).isEqualTo("NotFound");
        assertThat(status.path("details").path("name").asString()).isEqualTo("nobody");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("configmaps");
    }

    @Test
    void invalidNamesAreUnprocessableWithTheFieldNamed() throws Exception {
        for (String name : new String[] {"Upper_Case", "-leading-dash", "x".repeat(254)}) {
            JsonNode status = assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(configMap(name))),
                    422, "configmap");
            assertThat(status.path("reason").asString()).isEqualTo("Invalid");
            assertThat(status.path("details").path("kind").asString()).isEqualTo("ConfigMap");
            assertThat(status.path("details").path("causes")).isNotEmpty().allSatisfy(cause -> {
                assertThat(cause.path("field").asString()).isEqualTo("metadata.name");
                assertThat(cause.path("reason").asString()).isEqualTo("FieldValueInvalid");
                assertThat(cause.path("message").asString()).isNotBlank();
            });
        }
        assertThat(api.get(CONFIGMAPS).json().path("items")).isEmpty();

        // Services take DNS-1035 labels: no leading digit.
        String service = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"1st\"},"
                + "\"spec\":{\"ports\":[{\"port\":80}]}}";
        JsonNode status = assertStatus(api.send("POST", "/api/v1/namespaces/default/services", "application/json",
                utf8(service)), 422, "1st");
        assertThat(status.path("details").path("causes").get(0).path("field").asString()).isEqualTo("metadata.name");
        assertAbsent("/api/v1/namespaces/default/services/1st");

        // Namespaces take DNS-1123 labels: no dots.
        String ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team.a\"}}";
        assertStatus(api.send("POST", "/api/v1/namespaces", "application/json", utf8(ns)), 422, "team.a");
        assertAbsent("/api/v1/namespaces/team.a");
    }

    @Test
    void aMissingRequiredFieldIsUnprocessable() throws Exception {
        String noContainers = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bare\"},\"spec\":{}}";
        JsonNode status = assertStatus(api.send("POST", "/api/v1/namespaces/default/pods", "application/json",
                utf8(noContainers)), 422, "spec.containers");
        assertThat(status.path("details").path("causes").get(0).path("reason").asString())
                .isEqualTo("FieldValueRequired");
        assertAbsent("/api/v1/namespaces/default/pods/bare");
    }

    @Test
    void anOversizedBodyIsTooLargeAndNothingIsWritten() throws Exception {
        byte[] padding = new byte[4 * 1024 * 1024];
        Arrays.fill(padding, (byte) 'x');
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},\"data\":{\"k\":\""
                + new String(padding, StandardCharsets.US_ASCII) + "\"}}";
        assertStatus(api.send("POST", CONFIGMAPS, "application/json", utf8(big)), 413);
        assertAbsent(CONFIGMAPS + "/huge");
        // The connection is still usable for ordinary requests.
        assertThat(api.send("POST", CONFIGMAPS, "application/json", utf8(configMap("after-huge"))).status())
                .isEqualTo(201);
    }

    @Test
    void invalidLabelAndFieldSelectorsAreBadRequests() throws Exception {
        for (String selector : new String[] {"%3Dvalue", "a%2C%2Cb", "a%20in%20(b"}) {
            RawApi.Reply list = api.get(CONFIGMAPS + "?labelSelector=" + selector);
            // Upstream answers with the parser's own words, e.g. "found '=', expected: !, identifier, ...".
            assertThat(list.status()).as(selector).isEqualTo(400);
            assertThat(assertStatus(list, 400).path("reason").asString()).isEqualTo("BadRequest");
            assertStatus(api.get(CONFIGMAPS + "?watch=true&labelSelector=" + selector), 400);
        }
        // A field selector term needs an operator.
        assertStatus(api.get(CONFIGMAPS + "?fieldSelector=metadata.name"), 400);
        assertThat(api.get(CONFIGMAPS + "?labelSelector=app%3Dweb%2Ctier!%3Dback").status()).isEqualTo(200);
    }

    @Test
    void aPatchThatIsNotJsonIsABadRequestAndChangesNothing() throws Exception {
        api.send("POST", CONFIGMAPS, "application/json", utf8(configMap("patched")));
        String rv = api.get(CONFIGMAPS + "/patched").json().path("metadata").path("resourceVersion").asString();
        assertStatus(api.send("PATCH", CONFIGMAPS + "/patched", "application/merge-patch+json", utf8("{not json")),
                400);
        assertStatus(api.send("PATCH", CONFIGMAPS + "/patched", "application/json-patch+json",
                utf8("{\"op\":\"add\"}")), 400);
        assertStatus(api.send("PATCH", CONFIGMAPS + "/patched", "application/json-patch+json",
                utf8("[{\"op\":\"frobnicate\",\"path\":\"/data/k\"}]")), 400);
        assertThat(api.get(CONFIGMAPS + "/patched").json().path("metadata").path("resourceVersion").asString())
                .isEqualTo(rv);
    }
}
