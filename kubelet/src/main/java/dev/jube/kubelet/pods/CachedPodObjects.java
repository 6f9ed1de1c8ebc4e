package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * ConfigMaps and Secrets read from the API server and kept for a while, with their absence: every
 * pod's service account volume reads its namespace's kube-root-ca.crt, and volumes are refreshed
 * every few seconds, so without it each pod would read the same object again.
 */
final class CachedPodObjects implements PodObjects {

    /** An object as read, null when it did not exist. */
    private record Read(Object object, long atNanos) {}

    private static final int PRUNE_ABOVE = 1024;

    private final ApiClient client;
    private final long ttlNanos;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    CachedPodObjects(ApiClient client, Duration ttl) {
        this.client = client;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public ConfigMap configMap(String namespace, String name) {
        return (ConfigMap) read("configmap/" + namespace + "/" + name, () -> client.configMaps().get(namespace, name));
    }

    @Override
    public Secret secret(String namespace, String name) {
        return (Secret) read("secret/" + namespace + "/" + name, () -> client.secrets().get(namespace, name));
    }

    @Override
    public List<Service> services(String namespace) {
        return client.services().list(namespace);
    }

    private Object read(String key, Supplier<Object> get) {
        long now = System.nanoTime();
        Read r = reads.get(key);
        if (r != null && now - r.atNanos() < ttlNanos) {
            return r.object();
        }
        if (reads.size() > PRUNE_ABOVE) {
            reads.values().removeIf(old -> now - old.atNanos() >= ttlNanos);
        }
        Object fresh = get.get();
        reads.put(key, new Read(fresh, now));
        return fresh;
    }
}
