package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What plugins get when they are created: read access to cluster objects, the pods nominated to
 * nodes by preemption and, for the plugins that write (binding, volume binding), the API client.
 * The client is null in unit tests.
 */
public record Handle(ClusterLister lister, KubernetesClient client, Nominator nominator) {

    public Handle(ClusterLister lister, KubernetesClient client) {
        this(lister, client, new Nominator());
    }

    public static Handle forTests() {
        return new Handle(ClusterLister.EMPTY, null);
    }
}
