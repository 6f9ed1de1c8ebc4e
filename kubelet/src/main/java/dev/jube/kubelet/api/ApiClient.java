package dev.jube.kubelet.api;

import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Event;
import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.model.Lease;
import dev.jube.kubelet.model.Node;
import dev.jube.kubelet.model.PersistentVolume;
import dev.jube.kubelet.model.PersistentVolumeClaim;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.Service;
import dev.jube.kubelet.model.ServiceAccount;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node agent's client of the API server: JSON over HTTPS, read into plain trees and typed
 * views (see {@code dev.jube.kubelet.model}), for the few kinds an agent reads and writes.
 */
public final class ApiClient implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ApiEndpoint endpoint;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    private final Resource<Pod> pods = new Resource<>(this, "/api/v1", "pods", true, Pod::new);
    private final Resource<Node> nodes = new Resource<>(this, "/api/v1", "nodes", false, Node::new);
    private final Resource<ConfigMap> configMaps = new Resource<>(this, "/api/v1", "configmaps", true, ConfigMap::new);
    private final Resource<Secret> secrets = new Resource<>(this, "/api/v1", "secrets", true, Secret::new);
    private final Resource<Service> services = new Resource<>(this, "/api/v1", "services", true, Service::new);
    private final Resource<ServiceAccount> serviceAccounts = new Resource<>(this, "/api/v1", "serviceaccounts", true,
            ServiceAccount::new);
    private final Resource<PersistentVolumeClaim> claims = new Resource<>(this, "/api/v1", "persistentvolumeclaims",
            true, PersistentVolumeClaim::new);
    private final Resource<PersistentVolume> volumes = new Resource<>(this, "/api/v1", "persistentvolumes", false,
            PersistentVolume::new);
    private final Resource<Event> events = new Resource<>(this, "/api/v1", "events", true, Event::new);
    private final Resource<Lease> leases = new Resource<>(this, "/apis/coordination.k8s.io/v1", "leases", true,
            Lease::new);

    public ApiClient(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
        // HTTP/1.1: a watch holds a connection of its own either way, and the HTTP/2 stack is a
        // few hundred more classes in a process that should stay small. Virtual threads for the
        // client's callbacks cost nothing while idle.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(endpoint.tls())
                .connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
    }

    public ApiEndpoint endpoint() {
        return endpoint;
    }

    public Resource<Pod> pods() { return pods; }
    public Resource<Node> nodes() { return nodes; }
    public Resource<ConfigMap> configMaps() { return configMaps; }
    public Resource<Secret> secrets() { return secrets; }
    public Resource<Service> services() { return services; }
    public Resource<ServiceAccount> serviceAccounts() { return serviceAccounts; }
    public Resource<PersistentVolumeClaim> persistentVolumeClaims() { return claims; }
    public Resource<PersistentVolume> persistentVolumes() { return volumes; }
    public Resource<Event> events() { return events; }
    public Resource<Lease> leases() { return leases; }

    /** A request with a JSON answer: the answer's tree, or an {@link ApiException} for an error. */
    Map<String, Object> send(String method, String path, String contentType, Object body) {
        HttpRequest.Builder b = request(path).timeout(REQUEST_TIMEOUT);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body instanceof String s
                            ? s.getBytes(StandardCharsets.UTF_8) : Json.writeBytes(body)));
        }
        HttpResponse<byte[]> r = exchange(b.build(), HttpResponse.BodyHandlers.ofByteArray(), method, path);
        if (r.statusCode() >= 300) {
            throw error(r.statusCode(), r.body());
        }
        return Json.parseObject(r.body());
    }

    /** A streamed GET, such as a watch; the caller closes the stream. */
    InputStream stream(String path) {
        HttpResponse<InputStream> r = exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream(),
                "GET", path);
        if (r.statusCode() >= 300) {
            try (InputStream in = r.body()) {
                throw error(r.statusCode(), in.readAllBytes());
            } catch (IOException e) {
                throw new ApiException(r.statusCode(), "GET " + path + ": HTTP " + r.statusCode());
            }
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.url().resolve(path)).header("Accept", "application/json");
        if (endpoint.token() != null) {
            b.header("Authorization", "Bearer " + endpoint.token());
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String method,
            String path) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ApiException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(method + " " + path + ": interrupted", e);
        }
    }

    /** The message of the Status the server answered with, or the answer's text when it is not one. */
    private static ApiException error(int code, byte[] body) {
        String message;
        try {
            Object m = Json.parseObject(body).get("message");
            message = m != null ? m.toString() : new String(body, StandardCharsets.UTF_8);
        } catch (RuntimeException notJson) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        return new ApiException(code, message.isBlank() ? "HTTP " + code : message);
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
