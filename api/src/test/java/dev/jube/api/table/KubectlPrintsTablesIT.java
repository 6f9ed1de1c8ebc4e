package dev.jube.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real kubectl against a minimal HTTP endpoint (127.0.0.1 only) that answers discovery and
 * serves pod lists as Tables built here: checks that kubectl prints our Tables as it prints a
 * real cluster's, with -o wide, -A (namespaces from the row metadata) and --sort-by (full objects).
 */
class KubectlPrintsTablesIT {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, String> lastIncludeObject = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<JsonNode> pods() {
        Instant now = Instant.now();
        String created = now.minusSeconds(3 * 3600 + 300).toString();
        String restarted = now.minusSeconds(300).toString();
        return List.of(
                MAPPER.readTree("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default",
                          "creationTimestamp":"%s","labels":{"app":"web"}},
                         "spec":{"nodeName":"node-1","containers":[{"name":"nginx","image":"nginx"}]},
                         "status":{"phase":"Running","podIP":"10.244.0.7","containerStatuses":[{"name":"nginx",
                           "ready":false,"restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                           "lastState":{"terminated":{"exitCode":1,"finishedAt":"%s"}}}]}}
                        """.formatted(created, restarted)),
                MAPPER.readTree("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"data",
                          "creationTimestamp":"%s"},
                         "spec":{"containers":[{"name":"pg","image":"postgres"}]},
                         "status":{"phase":"Pending"}}
                        """.formatted(created)));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        String accept = ex.getRequestHeaders().getFirst("Accept");
        String body;
        switch (path) {
            case "/api" -> body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
            case "/apis" -> body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
            case "/api/v1" -> body = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                    + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                    + "\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]}]}";
            case "/api/v1/pods", "/api/v1/namespaces/default/pods" -> {
                List<JsonNode> items = new ArrayList<>();
                for (JsonNode p : pods()) {
                    if (path.equals("/api/v1/pods") || "default".equals(p.at("/metadata/namespace").stringValue())) {
                        items.add(p);
                    }
                }
                if (accept == null || !accept.contains("as=Table")) {
                    ex.sendResponseHeaders(406, -1);
                    return;
                }
                String include = "";
                for (String kv : query.split("&")) {
                    if (kv.startsWith("includeObject=")) {
                        include = kv.substring("includeObject=".length());
                    }
                }
                lastIncludeObject.put("value", include.isEmpty() ? "<absent>" : include);
                body = TableBuilder.of(BuiltinTables.definition("", "pods").orElseThrow())
                        .includeObject(IncludeObject.parse(include))
                        .listMeta("100", "", null)
                        .build(items).toString();
            }
            default -> {
                ex.sendResponseHeaders(404, -1);
                return;
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private List<String> kubectl(String... args) throws Exception {
        String server = "http://127.0.0.1:" + this.server.getAddress().getPort();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s"}}]
                users: [{name: u, user: {}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
                current-context: x
                """.formatted(server));
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            String out = Files.readString(dir.resolve("out.txt"));
            assertThat(process.exitValue()).as(out).isZero();
            return out.lines().map(l -> l.replaceAll("\\s+", " ").strip()).toList();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void getPodsPrintsOurColumnsAndCells() throws Exception {
        assertThat(kubectl("get", "pods")).containsExactly(
                "NAME READY STATUS RESTARTS AGE",
                "web-1 0/1 CrashLoopBackOff 4 (5m ago) 3h5m");
        assertThat(lastIncludeObject.get("value")).isEqualTo("<absent>");
    }

    @Test
    void wideOutputAddsPriorityOneColumns() throws Exception {
        assertThat(kubectl("get", "pods", "-o", "wide")).containsExactly(
                "NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES",
                "web-1 0/1 CrashLoopBackOff 4 (5m ago) 3h5m 10.244.0.7 node-1 <none> <none>");
    }

    @Test
    void allNamespacesAndLabelsComeFromTheRowMetadata() throws Exception {
        assertThat(kubectl("get", "pods", "-A", "--show-labels")).containsExactly(
                "NAMESPACE NAME READY STATUS RESTARTS AGE LABELS",
                "default web-1 0/1 CrashLoopBackOff 4 (5m ago) 3h5m app=web",
                "data db-0 0/1 Pending 0 3h5m <none>");
    }

    @Test
    void sortByAsksForWholeObjects() throws Exception {
        assertThat(kubectl("get", "pods", "-A", "--sort-by=.metadata.name")).containsExactly(
                "NAMESPACE NAME READY STATUS RESTARTS AGE",
                "data db-0 0/1 Pending 0 3h5m",
                "default web-1 0/1 CrashLoopBackOff 4 (5m ago) 3h5m");
        assertThat(lastIncludeObject.get("value")).isEqualTo("Object");
    }
}
