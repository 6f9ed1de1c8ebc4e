package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.BuiltinResources;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/** Table output (Accept: as=Table) of lists, single objects and watches, with upstream's columns. */
class TableOutputTest {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private static final String PODS = "/api/v1/namespaces/default/pods";

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        List<ResourceDescriptor> kinds = new ArrayList<>(BuiltinResources.descriptors());
        kinds.add(ResourceDescriptor.builder("example.com", "v1", "Widget", "widgets").build());
        cluster = TestCluster.start(dir, c -> c.withResources(kinds));
        var r = cluster.send("POST", PODS, "application/json", "{\"metadata\":{\"name\":\"p1\",\"labels\":{\"a\":\"b\"}},"
                + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JsonNode table(String path, String accept) throws Exception {
        var r = cluster.send("GET", path, null, null, accept);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body().getBytes());
    }

    private static List<String> columnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asString()));
        return names;
    }

    @Test
    void podListHasUpstreamsColumnsAndPartialMetadataRows() throws Exception {
        JsonNode t = table(PODS, TABLE);
        assertThat(t.path("kind").asString()).isEqualTo("Table");
        assertThat(t.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(columnNames(t)).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                "Nominated Node", "Readiness Gates");
        assertThat(t.path("metadata").path("resourceVersion").asString()).matches("\\d+");
        JsonNode row = t.path("rows").get(0);
        assertThat(row.path("cells").get(0).asString()).isEqualTo("p1");
        assertThat(row.path("cells").get(1).asString()).isEqualTo("0/1");
        assertThat(row.path("cells").get(2).asString()).isEqualTo("Pending");
        assertThat(row.path("cells").get(6).asString()).isEqualTo("n1");
        assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("labels").path("a").asString()).isEqualTo("b");
    }

    @Test
    void includeObjectAndTableVersions() throws Exception {
        JsonNode none = table(PODS + "?includeObject=None", TABLE);
        assertThat(none.path("rows").get(0).get("object").isNull()).isTrue();
        JsonNode whole = table(PODS + "/p1?includeObject=Object", TABLE);
        assertThat(whole.path("rows").size()).isEqualTo(1);
        assertThat(whole.path("rows").get(0).path("object").path("kind").asString()).isEqualTo("Pod");
        assertThat(whole.path("metadata").path("resourceVersion").asString())
                .isEqualTo(whole.path("rows").get(0).path("object").path("metadata").path("resourceVersion").asString());
        JsonNode beta = table(PODS, "application/json;as=Table;v=v1beta1;g=meta.k8s.io");
        assertThat(beta.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1beta1");
        var bad = cluster.send("GET", PODS + "?includeObject=All", null, null, TABLE);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parse(bad.body().getBytes()).path("message").asString())
                .isEqualTo("Unable to convert to Table as requested: includeObject: Invalid value: \"All\": "
                        + "must be 'Metadata', 'Object', 'None', or empty");
    }

    @Test
    void kindsWithoutAPrinterGetNameAndCreatedAtAndCustomResourcesNameAndAge() throws Exception {
        JsonNode leases = table("/apis/coordination.k8s.io/v1/namespaces/default/leases", TABLE);
        assertThat(columnNames(leases)).startsWith("Name");
        var w = cluster.send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}", null);
        assertThat(w.statusCode()).isEqualTo(201);
        JsonNode widgets = table("/apis/example.com/v1/namespaces/default/widgets", TABLE);
        assertThat(columnNames(widgets)).containsExactly("Name", "Age");
        assertThat(widgets.path("rows").get(0).path("cells").get(1).asString()).matches("\\d+s");
    }

    @Test
    void watchEventsAreOneRowTablesAndOnlyTheFirstHasColumns() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.server.url() + PODS + "?watch=true&timeoutSeconds=5"))
                .header("Accept", TABLE).timeout(Duration.ofSeconds(20)).build();
        HttpResponse<InputStream> resp = cluster.http(true).send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            JsonNode first = Json.parse(reader.readLine().getBytes());
            assertThat(first.path("type").asString()).isEqualTo("ADDED");
            assertThat(first.path("object").path("kind").asString()).isEqualTo("Table");
            assertThat(first.path("object").path("columnDefinitions").size()).isEqualTo(9);
            var r = cluster.send("POST", PODS, "application/json", "{\"metadata\":{\"name\":\"p2\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}", null);
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode second = Json.parse(reader.readLine().getBytes());
            assertThat(second.path("object").path("rows").get(0).path("cells").get(0).asString()).isEqualTo("p2");
            assertThat(second.path("object").get("columnDefinitions").isNull()).isTrue();
        }
    }
}
