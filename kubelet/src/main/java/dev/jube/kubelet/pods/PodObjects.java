package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.Service;
import java.util.List;

/** The API objects a pod's containers are configured from: read when a container is about to start. */
public interface PodObjects {

    /** The ConfigMap, or null when it does not exist. */
    ConfigMap configMap(String namespace, String name);

    /** The Secret, or null when it does not exist. */
    Secret secret(String namespace, String name);

    /** The Services of a namespace, for the docker-link style environment variables. */
    List<Service> services(String namespace);

    /** Reads straight from the API server. */
    static PodObjects of(ApiClient client) {
        return new PodObjects() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return client.configMaps().get(namespace, name);
            }

            @Override
            public Secret secret(String namespace, String name) {
                return client.secrets().get(namespace, name);
            }

            @Override
            public List<Service> services(String namespace) {
                return client.services().list(namespace);
            }
        };
    }
}
