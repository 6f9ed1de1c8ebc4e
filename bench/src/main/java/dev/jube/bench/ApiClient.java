package dev.jube.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * One API client: the JDK HttpClient over HTTP/2 (ALPN) with the admin client certificate, so one
 * TLS connection per instance, as each separate Kubernetes client process would have.
 */
final class ApiClient implements AutoCloseable {

    static final String JSON = "application/json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private final HttpClient http;
    private final String base;

    ApiClient(String baseUrl, SSLContext tls) {
        this.base = baseUrl;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpRequest request(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", JSON);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return b.build();
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<Void>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** Sends and fails unless the answer is 2xx (409 accepted when {@code conflictOk}). */
    String expectOk(HttpRequest request, boolean conflictOk) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request);
        if (r.statusCode() / 100 != 2 && !(conflictOk && r.statusCode() == 409)) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        http.close();
    }
}
