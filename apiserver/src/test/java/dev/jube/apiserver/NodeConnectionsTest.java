package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class NodeConnectionsTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
        api.create("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"unscheduled\"},\"spec\":{"
                + "\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"},{\"name\":\"sidecar\",\"image\":\"envoy\"}]}}");
        api.create("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"placed\"},\"spec\":{"
                + "\"nodeName\":\"node-a\",\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}");
        api.create("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"lost\"},\"spec\":{"
                + "\"nodeName\":\"gone\",\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}");
        api.create("/api/v1/nodes", "{\"metadata\":{\"name\":\"node-a\"}}");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static final String PODS = "/api/v1/namespaces/default/pods/";

    @Test
    void streamsOfAPodWithoutAHostAreBadRequestsAsUpstream() throws Exception {
        for (String sub : new String[] {"exec?container=app&command=ls", "attach?container=app", "portforward"}) {
            Api.Reply r = api.send("POST", PODS + "unscheduled/" + sub, null, null);
            assertThat(r.code()).as(sub).isEqualTo(400);
            assertThat(r.body().path("reason").asString()).isEqualTo("BadRequest");
            assertThat(r.message()).isEqualTo("pod unscheduled does not have a host assigned");
        }
    }

    @Test
    void theLogOfAPodNoNodeRunsYetIsEmpty() throws Exception {
        Api.Reply r = api.get(PODS + "unscheduled/log?container=app");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().isEmpty()).isTrue();
    }

    @Test
    void containerNamesAreCheckedAsUpstream() throws Exception {
        Api.Reply ambiguous = api.get(PODS + "unscheduled/log");
        assertThat(ambiguous.code()).isEqualTo(400);
        assertThat(ambiguous.message())
                .isEqualTo("a container name must be specified for pod unscheduled, choose one of: [app sidecar]");
        Api.Reply wrong = api.get(PODS + "placed/log?container=db");
        assertThat(wrong.code()).isEqualTo(400);
        assertThat(wrong.message()).isEqualTo("container db is not valid for pod placed");
    }

    @Test
    void aPodOnANodeWithoutAReachableAgentIsAnError() throws Exception {
        Api.Reply log = api.get(PODS + "placed/log");
        assertThat(log.code()).isEqualTo(500);
        assertThat(log.message()).isEqualTo("Internal error occurred: no preferred addresses found; known addresses: []");
        for (String sub : new String[] {"exec?command=ls", "attach", "portforward"}) {
            Api.Reply r = api.get(PODS + "placed/" + sub);
            assertThat(r.code()).as(sub).isEqualTo(400);
            assertThat(r.message()).as(sub).isEqualTo("Upgrade request required");
        }
        Api.Reply proxy = api.get(PODS + "placed/proxy/healthz");
        assertThat(proxy.code()).isEqualTo(503);
        assertThat(proxy.body().path("reason").asString()).isEqualTo("ServiceUnavailable");
        assertThat(proxy.message()).startsWith("error dialing backend: no node agent is reachable for node \"node-a\"");
        Api.Reply nodeGone = api.get(PODS + "lost/log");
        assertThat(nodeGone.code()).isEqualTo(404);
        assertThat(nodeGone.message()).isEqualTo("nodes \"gone\" not found");
    }

    @Test
    void proxiesOfNodesAndServicesAnswerWithStatus() throws Exception {
        Api.Reply node = api.get("/api/v1/nodes/node-a:10250/proxy/metrics");
        assertThat(node.code()).isEqualTo(503);
        assertThat(node.message()).contains("node \"node-a\"");
        assertThat(api.get("/api/v1/nodes/nowhere/proxy").code()).isEqualTo(404);
        Api.Reply service = api.get("/api/v1/namespaces/default/services/https:kubernetes:443/proxy/");
        assertThat(service.code()).isEqualTo(503);
        assertThat(service.message()).startsWith("no endpoints available for service \"kubernetes\"");
        Api.Reply missing = api.get("/api/v1/namespaces/default/services/none/proxy");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("services \"none\" not found");
    }

    @Test
    void missingPodsAndWrongMethodsAreRefused() throws Exception {
        Api.Reply missing = api.get(PODS + "nobody/log");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("pods \"nobody\" not found");
        assertThat(api.send("DELETE", PODS + "placed/log", null, null).code()).isEqualTo(405);
    }

    @Test
    void discoveryListsTheStreamsAsUpstream() throws Exception {
        JsonNode resources = api.get("/api/v1").body().path("resources");
        StringBuilder names = new StringBuilder();
        for (JsonNode r : resources) {
            names.append(r.path("name").asString()).append(' ').append(r.path("kind").asString()).append('\n');
        }
        assertThat(names.toString()).contains("pods/log Pod\n", "pods/exec PodExecOptions\n",
                "pods/attach PodAttachOptions\n", "pods/portforward PodPortForwardOptions\n",
                "pods/proxy PodProxyOptions\n", "pods/binding Binding\n", "services/proxy ServiceProxyOptions\n",
                "nodes/proxy NodeProxyOptions\n", "serviceaccounts/token TokenRequest\n");
    }
}
