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

/** The API objects a pod's containers are configured from: read when a container is about to start. */
public interface PodObjects {

    /** The ConfigMap, or null when it does not exist. */
    ConfigMap configMap(String namespace, String name);

    /** The Secret, or null when it does not exist. */
    Secret secret(String namespace, String name);

    /** The Services of a namespace, for the docker-link style environment variables. */
    List<Service> services(String namespace);

    /**
     * Reads from the API server, keeping each ConfigMap and Secret (or its absence) for {@code ttl}:
     * every pod's service account volume reads its namespace's kube-root-ca.crt, and volumes are
     * refreshed every few seconds, so without it each pod would read the same object again.
     */
    static PodObjects of(ApiClient client, Duration ttl) {
        Map<String, Cached> cache = new ConcurrentHashMap<>();
        return new PodObjects() {
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
                Cached c = cache.get(key);
                if (c != null && now - c.readAt() < ttl.toNanos()) {
                    return c.object();
                }
                if (cache.size() > 1024) {
                    cache.values().removeIf(old -> now - old.readAt() >= ttl.toNanos());
                }
                Object fresh = get.get();
                cache.put(key, new Cached(fresh, now));
                return fresh;
            }
        };
    }

    /** An object as read, null when it did not exist. */
    record Cached(Object object, long readAt) {}
}
