package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What plugins get when they are created: read access to cluster objects and, for the plugins
 * that write (binding, volume binding), the API client. The client is null in unit tests.
 */
public record Handle(ClusterLister lister, KubernetesClient client) {

    public static Handle forTests() {
        return new Handle(ClusterLister.EMPTY, null);
    }
}
