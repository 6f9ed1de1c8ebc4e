package dev.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real kubectl reads the documents: it explains fields from the v3 document, defers strict
 * validation to a server whose PATCH operations offer fieldValidation, and otherwise validates
 * manifests itself against the v2 document (downloaded as protobuf).
 */
class OpenApiKubectlIT {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String BAD_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: web
                imagez: busybox
            """;
    private static final String GOOD_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: busybox
                ports:
                - containerPort: 8080
                  name: http
                resources:
                  limits: {cpu: 1, memory: 64Mi}
                  requests: {cpu: 250m}
                livenessProbe:
                  httpGet: {path: /, port: http}
                readinessProbe:
                  tcpSocket: {port: 8080}
            """;
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
              - port: 80
                targetPort: 8080
              - name: named
                port: 81
                targetPort: http
            """;
    private static final String BAD_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: busybox
                    portz: []
            """;

    /** A pod already on the "server", as kubectl apply left it. */
    private static final String LIVE_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web", "namespace": "default", "resourceVersion": "5", "annotations": {
               "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"containers\\":[{\\"name\\":\\"a\\",\\"image\\":\\"busybox\\"},{\\"name\\":\\"b\\",\\"image\\":\\"busybox\\"}]}}"}},
             "spec": {"containers": [{"name": "a", "image": "busybox"}, {"name": "b", "image": "busybox"}]}}
            """;
    private static final String APPLIED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
            spec:
              containers:
              - name: a
                image: busybox:2
            """;

    @TempDir
    Path dir;

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void explainReadsFieldsFromTheV3Document() throws Exception {
        serve(new OpenApiDocuments(BuiltinResources.all()));

        Result containers = kubectl("explain", "pod.spec.containers");
        assertThat(containers.exit()).as(containers.output()).isZero();
        assertThat(containers.output()).contains("FIELD: containers <[]Container>")
                .containsPattern("\\n  image\\s+<string>")
                .containsPattern("\\n  name\\s+<string> -required-")
                .containsPattern("\\n  ports\\s+<\\[\\]ContainerPort>");

        Result strategy = kubectl("explain", "deployments.spec.strategy.rollingUpdate");
        assertThat(strategy.exit()).as(strategy.output()).isZero();
        assertThat(strategy.output()).contains("maxSurge").contains("maxUnavailable");
        assertThat(requests).anyMatch(r -> r.startsWith("GET /openapi/v3/api/v1?hash="));
    }

    @Test
    void strictValidationIsLeftToAServerThatOffersFieldValidation() throws Exception {
        serve(new OpenApiDocuments(BuiltinResources.all()));

        Result created = kubectl("create", "-f", manifest("pod.yaml", BAD_POD), "--dry-run=server",
                "--validate=strict", "-o", "name");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(created.output()).contains("pod/web");
        // kubectl found fieldValidation on the Pod PATCH operation of our v3 document, so it
        // asked this server to validate strictly instead of validating by itself.
        assertThat(requests).anyMatch(r -> r.startsWith("POST /api/v1/namespaces/default/pods?")
                && r.contains("fieldValidation=Strict") && r.contains("dryRun=All"));
        assertThat(requests).noneMatch(r -> r.startsWith("GET /openapi/v2"));
    }

    @Test
    void kubectlValidatesManifestsWithTheV2DocumentWhenTheServerDoesNot() throws Exception {
        serve(new OpenApiDocuments(BuiltinResources.all(), false));

        Result bad = kubectl("create", "-f", manifest("bad.yaml", BAD_POD), "--dry-run=client", "-o", "yaml",
                "--validate=strict");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("unknown field \"imagez\" in io.k8s.api.core.v1.Container");
        assertThat(requests).anyMatch(r -> r.startsWith("GET /openapi/v2") && r.contains("protobuf"));

        Result badDeployment = kubectl("create", "-f", manifest("deployment.yaml", BAD_DEPLOYMENT),
                "--dry-run=client", "-o", "yaml", "--validate=strict");
        assertThat(badDeployment.exit()).isNotZero();
        assertThat(badDeployment.output()).contains("unknown field \"portz\" in io.k8s.api.core.v1.Container");

        Result good = kubectl("create", "-f", manifest("good.yaml", GOOD_POD), "--dry-run=client", "-o", "yaml",
                "--validate=strict");
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("image: busybox").contains("containerPort: 8080");

        Result service = kubectl("create", "-f", manifest("service.yaml", SERVICE), "--dry-run=client", "-o",
                "yaml", "--validate=strict");
        assertThat(service.exit()).as(service.output()).isZero();
        assertThat(service.output()).contains("targetPort: http");
    }

    @Test
    void applyTakesTheMergeKeysOfItsPatchFromTheDocuments() throws Exception {
        serve(new OpenApiDocuments(BuiltinResources.all()));

        Result applied = kubectl("apply", "-f", manifest("apply.yaml", APPLIED_POD));
        assertThat(applied.exit()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("pod/web configured").doesNotContain("warning");
        assertThat(requests).anyMatch(r -> r.startsWith("GET /openapi/v3/api/v1?hash="));
        // The strategic merge patch addresses containers by their merge key "name".
        String patch = requests.stream().filter(r -> r.startsWith("PATCH ")).findFirst().orElseThrow();
        assertThat(patch).contains("application/strategic-merge-patch+json")
                .contains("\"$setElementOrder/containers\":[{\"name\":\"a\"}]")
                .contains("{\"$patch\":\"delete\",\"name\":\"b\"}");
    }

    private String manifest(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    record Result(int exit, String output) {
    }

    private Result kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(kubectlBinary());
        command.add("--kubeconfig=" + dir.resolve("kubeconfig"));
        command.add("--cache-dir=" + dir.resolve("cache"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kubectl.out").toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("KUBECONFIG");
        Files.createDirectories(dir.resolve("home"));
        Process process = pb.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(dir.resolve("kubectl.out")));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String kubectlBinary() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(folder, "kubectl");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new AssertionError("kubectl is not on the PATH; these tests need the real kubectl");
    }

    /** A tiny API server on loopback: legacy discovery, the OpenAPI documents, and echoing creates. */
    private void serve(OpenApiDocuments docs) throws IOException {
        Map<String, ObjectNode> discovery = discovery(docs.resources());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String uri = exchange.getRequestURI().toString();
                String path = exchange.getRequestURI().getPath();
                String accept = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")).orElse("");
                String method = exchange.getRequestMethod();
                if (method.equals("PATCH")) {
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    requests.add(method + " " + uri + " " + type + " " + body);
                    respond(exchange, 200, "application/json", LIVE_POD.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                requests.add(method + " " + uri + " " + accept);
                if (method.equals("GET") && path.equals("/api/v1/namespaces/default/pods/web")) {
                    respond(exchange, 200, "application/json", LIVE_POD.getBytes(StandardCharsets.UTF_8));
                } else if (method.equals("POST")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    ObjectNode object = (ObjectNode) MAPPER.readTree(body);
                    respond(exchange, 201, "application/json", MAPPER.writeValueAsBytes(object));
                } else if (path.equals("/openapi/v2")) {
                    boolean protobuf = accept.contains("protobuf");
                    respond(exchange, 200, protobuf ? OpenApiV2.PROTOBUF_CONTENT_TYPE : "application/json",
                            protobuf ? docs.v2Protobuf() : docs.v2Json());
                } else if (path.equals("/openapi/v3")) {
                    respond(exchange, 200, "application/json", docs.v3Index());
                } else if (path.startsWith("/openapi/v3/") && docs.v3Document(path.substring(12)).isPresent()) {
                    respond(exchange, 200, "application/json", docs.v3Document(path.substring(12)).get());
                } else if (discovery.containsKey(path)) {
                    respond(exchange, 200, "application/json", MAPPER.writeValueAsBytes(discovery.get(path)));
                } else {
                    respond(exchange, 404, "application/json", ("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "http://127.0.0.1:%d"}
                users:
                - name: test
                  user: {}
                contexts:
                - name: test
                  context: {cluster: test, user: test, namespace: default}
                current-context: test
                """.formatted(server.getAddress().getPort());
        Files.writeString(dir.resolve("kubeconfig"), kubeconfig);
    }

    private static void respond(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The legacy (unaggregated) discovery documents of the resources, by URL path. */
    private static Map<String, ObjectNode> discovery(List<ResourceInfo> resources) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put("/version", JSON.objectNode().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0"));
        ObjectNode api = JSON.objectNode().put("kind", "APIVersions");
        api.putArray("versions").add("v1");
        api.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", "127.0.0.1");
        out.put("/api", api);
        ObjectNode groups = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groupArray = groups.putArray("groups");
        out.put("/apis", groups);
        Map<String, ObjectNode> groupByName = new LinkedHashMap<>();
        for (ResourceInfo r : resources) {
            ObjectNode list = out.computeIfAbsent(r.pathPrefix(), p -> {
                ObjectNode l = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                        .put("groupVersion", r.groupVersion());
                l.putArray("resources");
                return l;
            });
            ArrayNode array = (ArrayNode) list.get("resources");
            ObjectNode entry = array.addObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            ArrayNode verbs = entry.putArray("verbs");
            r.verbs().forEach(verbs::add);
            for (String sub : r.subresources()) {
                array.addObject().put("name", r.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", r.namespaced()).put("kind", r.kind()).putArray("verbs").add("get");
            }
            if (!r.group().isEmpty()) {
                ObjectNode group = groupByName.computeIfAbsent(r.group(), g -> {
                    ObjectNode n = groupArray.addObject().put("name", g);
                    n.putArray("versions");
                    n.putObject("preferredVersion").put("groupVersion", r.groupVersion()).put("version", r.version());
                    return n;
                });
                ArrayNode versions = (ArrayNode) group.get("versions");
                boolean known = false;
                for (var v : versions) {
                    known |= v.path("version").stringValue().equals(r.version());
                }
                if (!known) {
                    versions.addObject().put("groupVersion", r.groupVersion()).put("version", r.version());
                }
            }
        }
        return out;
    }
}
