package dev.jube.kubelet.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/**
 * JSON for a node agent's own API client. The client's default serialization loads and
 * instantiates every resource class of every model jar on the class path (about a thousand) to map
 * kinds for polymorphic fields such as a watch event's object; a node agent in a process of its
 * own reads only these kinds, so only they are registered.
 */
public final class AgentSerialization {

    private static final List<Class<? extends KubernetesResource>> KINDS = List.of(Pod.class, Node.class,
            ConfigMap.class, Secret.class, Service.class, ServiceAccount.class, Namespace.class,
            PersistentVolumeClaim.class, PersistentVolume.class, Lease.class, Event.class, Status.class);

    private AgentSerialization() {}

    public static KubernetesSerialization create() {
        KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
        KINDS.forEach(serialization::registerKubernetesResource);
        return serialization;
    }
}
