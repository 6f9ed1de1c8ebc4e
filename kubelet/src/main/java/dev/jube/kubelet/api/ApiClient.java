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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The node agent's client of the API server: JSON over HTTP/1.1 and TLS, read into plain trees
 * and typed views (see {@code dev.jube.kubelet.model}), for the few kinds an agent reads and
 * writes. Requests share a few kept-alive connections; each watch has one of its own.
 */
public final class ApiClient implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_IDLE = 4;

    private static final String USER_AGENT = "jube-node-agent";

    private final ApiEndpoint endpoint;
    /** Name, value, name, value... */
    private final String[] headers;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

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
        this.headers = endpoint.token() == null
                ? new String[] {"Accept", "application/json", "User-Agent", USER_AGENT}
                : new String[] {"Accept", "application/json", "User-Agent", USER_AGENT,
                        "Authorization", "Bearer " + endpoint.token()};
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
        byte[] payload = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : Json.writeBytes(body);
        String[] headers = headers(payload == null ? null : contentType);
        for (int attempt = 0; ; attempt++) {
            HttpConnection c = idle.poll();
            boolean pooled = c != null;
            try {
                if (c == null) {
                    c = HttpConnection.open(endpoint.url(), endpoint.tls(), (int) REQUEST_TIMEOUT.toMillis());
                }
                HttpConnection.Response r = c.exchange(method, path, headers, payload);
                byte[] answer = r.body().readAllBytes();
                if (r.reusable() && idle.size() < MAX_IDLE && !closed) {
                    idle.push(c);
                } else {
                    c.close();
                }
                if (r.status() >= 300) {
                    throw error(r.status(), answer);
                }
                return Json.parseObject(answer);
            } catch (IOException e) {
                if (c != null) {
                    c.close();
                }
                if (pooled && attempt == 0) {
                    continue; // the server closed the idle connection: once more on a new one
                }
                throw new ApiException(method + " " + path + ": " + e, e);
            }
        }
    }

    /** A streamed GET, such as a watch, on a connection of its own that closing the stream closes. */
    InputStream stream(String path, Duration readTimeout) {
        HttpConnection c = null;
        try {
            c = HttpConnection.open(endpoint.url(), endpoint.tls(), (int) readTimeout.toMillis());
            HttpConnection.Response r = c.exchange("GET", path, headers(null), null);
            if (r.status() >= 300) {
                byte[] answer = r.body().readAllBytes();
                c.close();
                throw error(r.status(), answer);
            }
            HttpConnection connection = c;
            return new FilterInputStream(r.body()) {
                @Override
                public void close() {
                    connection.close();
                }
            };
        } catch (IOException e) {
            if (c != null) {
                c.close();
            }
            throw new ApiException("GET " + path + ": " + e, e);
        }
    }

    /** Every request's headers, and the body's type when it has one. */
    private String[] headers(String contentType) {
        if (contentType == null) {
            return headers;
        }
        String[] h = Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = "Content-Type";
        h[headers.length + 1] = contentType;
        return h;
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
        closed = true;
        for (HttpConnection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }
}
