package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class HttpSurfaceTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "s3cret,alice,1001,\"dev,ops\"\n");
        cluster = TestCluster.start(dir.resolve("data"), c -> c.withTokenAuthFile(tokens)
                .withWatchCacheWindow(5).withBookmarkInterval(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void requestsWithoutCredentialsAreUnauthorized() throws Exception {
        var anonymous = cluster.http(false);
        var r = cluster.send(anonymous, "GET", "/api/v1/namespaces", null, null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        assertThat(cluster.send(anonymous, "GET", "/healthz", null, null, null).body()).isEqualTo("ok");
        assertThat(cluster.send(anonymous, "GET", "/version", null, null, null).body()).contains("\"gitVersion\":\"v1.32.0-jube\"");
    }

    @Test
    void alpnChoosesHttp2WhenOfferedAndHttp11Otherwise() throws Exception {
        HttpClient admin = cluster.http(true);
        for (HttpClient.Version v : HttpClient.Version.values()) {
            HttpResponse<String> r = admin.send(HttpRequest.newBuilder(URI.create(cluster.server.url() + "/api/v1/namespaces/default"))
                    .version(v).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("over %s", v).isEqualTo(200);
            assertThat(r.version()).isEqualTo(v);
        }
    }

    @Test
    void bearerTokensFromTheTokenFileAuthenticate() throws Exception {
        var anonymous = cluster.http(false);
        var ok = anonymous.send(HttpRequest.newBuilder(URI.create(cluster.server.url() + "/api/v1/namespaces/default"))
                .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"name\":\"default\"");
        var wrong = anonymous.send(HttpRequest.newBuilder(URI.create(cluster.server.url() + "/api/v1/namespaces/default"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void tablesCarryNameAgeAndKindColumns() throws Exception {
        var r = cluster.send("GET", "/api/v1/namespaces", null, null,
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode table = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        List<String> columns = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asString()));
        assertThat(columns).containsExactly("Name", "Status", "Age");
        assertThat(table.path("rows").get(0).path("cells").get(1).asString()).isEqualTo("Active");
        assertThat(table.path("rows").get(0).path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void protobufIsAnsweredWithJsonAndUnknownTypesAreNotAcceptable() throws Exception {
        var r = cluster.send("GET", "/api/v1/namespaces/default", null, null, "application/vnd.kubernetes.protobuf,application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        var xml = cluster.send("GET", "/api/v1/namespaces/default", null, null, "application/xml");
        assertThat(xml.statusCode()).isEqualTo(406);
        assertThat(xml.body()).contains("\"reason\":\"NotAcceptable\"");
    }

    @Test
    void discoveryServesLegacyAndAggregatedDocuments() throws Exception {
        var api = cluster.send("GET", "/api", null, null, null);
        assertThat(api.body()).contains("\"kind\":\"APIVersions\"").contains("\"versions\":[\"v1\"]");
        var v1 = Json.parse(cluster.send("GET", "/api/v1", null, null, null).body().getBytes(StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        v1.path("resources").forEach(x -> names.add(x.path("name").asString()));
        assertThat(names).contains("pods", "pods/status", "configmaps", "namespaces");
        var apps = cluster.send("GET", "/apis/apps/v1", null, null, null);
        assertThat(apps.body()).contains("\"name\":\"deployments\"").contains("\"shortNames\":[\"deploy\"]");
        var groups = cluster.send("GET", "/apis", null, null, null);
        assertThat(groups.body()).contains("\"name\":\"apps\"").contains("\"name\":\"coordination.k8s.io\"");

        String aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        var agg = cluster.send("GET", "/apis", null, null, aggregatedAccept);
        assertThat(agg.headers().firstValue("content-type"))
                .hasValue("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        assertThat(agg.body()).contains("\"kind\":\"APIGroupDiscoveryList\"").contains("\"resource\":\"deployments\"")
                .contains("\"scope\":\"Namespaced\"");
        var core = cluster.send("GET", "/api", null, null, aggregatedAccept);
        assertThat(core.body()).contains("\"resource\":\"pods\"").contains("\"subresource\":\"status\"");
    }

    @Test
    void unsupportedMethodsSizesAndPathsAreRejectedWithStatuses() throws Exception {
        var post = cluster.send("POST", "/api/v1/namespaces/default/configmaps/x", "application/json", "{}", null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"reason\":\"MethodNotAllowed\"");

        String big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
        var tooLarge = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", big, null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"reason\":\"RequestEntityTooLarge\"");

        var unknown = cluster.send("GET", "/api/v1/widgets", null, null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("the server could not find the requested resource");

        var media = cluster.send("POST", "/api/v1/namespaces/default/configmaps", "text/plain", "hello", null);
        assertThat(media.statusCode()).isEqualTo(415);
    }

    @Test
    void watchFromACompactedWindowIsGoneAndBookmarksArrive() throws Exception {
        long start = Long.parseLong(cluster.client.configMaps().inNamespace("default").list().getMetadata()
                .getResourceVersion());
        for (int i = 0; i < 8; i++) {
            cluster.client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName("churn-" + i).endMetadata().build()).create();
        }
        List<String> gone = readWatch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + start
                + "&timeoutSeconds=2", 1);
        assertThat(gone.getFirst()).contains("\"type\":\"ERROR\"").contains("\"code\":410")
                .contains("too old resource version: " + start);

        String rv = cluster.client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
        List<String> bookmarks = readWatch("/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true"
                + "&resourceVersion=" + rv + "&timeoutSeconds=3", 1);
        assertThat(bookmarks.getFirst()).contains("\"type\":\"BOOKMARK\"").contains("\"resourceVersion\":\"");
    }

    /** Reads the first {@code n} lines of a watch stream. */
    private List<String> readWatch(String path, int n) throws Exception {
        HttpClient http = cluster.http(true);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(cluster.server.url() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < n && (line = in.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).hasSize(n);
        return lines;
    }
}
