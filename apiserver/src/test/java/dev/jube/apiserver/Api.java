package dev.jube.apiserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON requests as the admin against one API server, for tests that check exact API behaviour. */
final class Api {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A response: the status code and the parsed body. */
    record Reply(int code, JsonNode body) {
        String message() {
            return body.path("message").asString("");
        }

        /** The Status causes as "field: message" lines, as upstream prints them. */
        java.util.List<String> causes() {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (JsonNode c : body.path("details").path("causes")) {
                out.add(c.path("field").asString("") + ": " + c.path("message").asString(""));
            }
            return out;
        }
    }

    private final HttpClient http;
    private final String url;

    Api(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    static Api of(TestCluster cluster) throws Exception {
        return new Api(cluster.http(true), cluster.server.url());
    }

    static Api of(TestCluster cluster, ApiServer other) throws Exception {
        return new Api(cluster.http(true), other.url());
    }

    static ObjectNode parse(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    Reply post(String path, String json) throws Exception {
        return send("POST", path, "application/json", json);
    }

    Reply put(String path, String json) throws Exception {
        return send("PUT", path, "application/json", json);
    }

    Reply mergePatch(String path, String json) throws Exception {
        return send("PATCH", path, "application/merge-patch+json", json);
    }

    Reply delete(String path) throws Exception {
        return send("DELETE", path, null, null);
    }

    /** Posts and fails unless the object was created; returns it. */
    JsonNode create(String path, String json) throws Exception {
        Reply r = post(path, json);
        if (r.code() != 201) {
            throw new AssertionError("create at " + path + " answered " + r.code() + ": " + r.body());
        }
        return r.body();
    }

    Reply send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        return new Reply(resp.statusCode(), parsed);
    }
}
