package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.Service;
import java.time.Duration;
import java.util.List;

/** The API objects a pod's containers are configured from: read when a container is about to start. */
public interface PodObjects {

    /** The ConfigMap, or null when it does not exist. */
    ConfigMap configMap(String namespace, String name);

    /** The Secret, or null when it does not exist. */
    Secret secret(String namespace, String name);

    /** The Services of a namespace, for the docker-link style environment variables. */
    List<Service> services(String namespace);

    /**
     * Reads from the API server, keeping each ConfigMap and Secret (or its absence) for {@code ttl}
     * (see {@link CachedPodObjects}).
     */
    static PodObjects of(ApiClient client, Duration ttl) {
        return new CachedPodObjects(client, ttl);
    }
}
