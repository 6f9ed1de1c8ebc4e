package dev.jube.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
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
    static PodObjects of(KubernetesClient client) {
        return new PodObjects() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return client.configMaps().inNamespace(namespace).withName(name).get();
            }

            @Override
            public Secret secret(String namespace, String name) {
                return client.secrets().inNamespace(namespace).withName(name).get();
            }

            @Override
            public List<Service> services(String namespace) {
                return client.services().inNamespace(namespace).list().getItems();
            }
        };
    }
}
