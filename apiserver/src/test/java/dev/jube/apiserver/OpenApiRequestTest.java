package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.BuiltinResources;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** /openapi/v2 and /openapi/v3 generated from the registry's descriptors. */
class OpenApiRequestTest {

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

    private static HttpResponse<byte[]> get(String path, String accept, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.server.url() + path))
                .timeout(Duration.ofSeconds(60));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return cluster.http(true).send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void v2IsJsonOrProtobufAndCacheable() throws Exception {
        var json = get("/openapi/v2", "application/json", null);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode doc = Json.parse(json.body());
        assertThat(doc.path("swagger").asString()).isEqualTo("2.0");
        assertThat(doc.path("paths").has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")).isTrue();
        assertThat(doc.path("paths").has("/apis/example.com/v1/namespaces/{namespace}/widgets")).isTrue();
        assertThat(doc.path("definitions").has("io.k8s.api.apps.v1.Deployment")).isTrue();
        String etag = json.headers().firstValue("etag").orElseThrow();

        var proto = get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf", null);
        assertThat(proto.statusCode()).isEqualTo(200);
        assertThat(proto.headers().firstValue("content-type"))
                .hasValue("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        assertThat(proto.body()).isNotEmpty();
        assertThat(proto.body()[0]).as("a protobuf message, not JSON").isNotEqualTo((byte) '{');

        var cached = get("/openapi/v2", "application/json", etag);
        assertThat(cached.statusCode()).isEqualTo(304);
    }

    @Test
    void v3IndexListsEveryGroupVersionAndServesItsDocument() throws Exception {
        var index = get("/openapi/v3", null, null);
        assertThat(index.statusCode()).isEqualTo(200);
        JsonNode paths = Json.parse(index.body()).path("paths");
        assertThat(paths.has("api/v1")).isTrue();
        assertThat(paths.has("apis/apps/v1")).isTrue();
        assertThat(paths.has("apis/example.com/v1")).isTrue();
        String url = paths.path("apis/apps/v1").path("serverRelativeURL").asString();
        assertThat(url).startsWith("/openapi/v3/apis/apps/v1?hash=");

        var apps = get(url, null, null);
        assertThat(apps.statusCode()).isEqualTo(200);
        JsonNode doc = Json.parse(apps.body());
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("components").path("schemas").has("io.k8s.api.apps.v1.Deployment")).isTrue();

        assertThat(get("/openapi/v3/apis/nope/v1", null, null).statusCode()).isEqualTo(404);
        HttpRequest post = HttpRequest.newBuilder(URI.create(cluster.server.url() + "/openapi/v2"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(cluster.http(true).send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void documentsNeedCredentials() throws Exception {
        var r = cluster.send(cluster.http(false), "GET", "/openapi/v2", null, null, null);
        assertThat(r.statusCode()).isEqualTo(401);
    }
}
