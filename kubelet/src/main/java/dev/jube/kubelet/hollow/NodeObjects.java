package dev.jube.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Node and Lease objects a kubelet writes for a hollow node. */
final class NodeObjects {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    /** Marks nodes (and nothing else) as hollow, so tools can select or ignore them. */
    static final String HOLLOW_LABEL = "hollow.jube.dev/node";

    private final HollowNodes.Config config;
    private final Map<String, Quantity> capacity;

    NodeObjects(HollowNodes.Config config) {
        this.config = config;
        Map<String, Quantity> c = new LinkedHashMap<>();
        c.put("cpu", new Quantity(config.cpu()));
        c.put("memory", new Quantity(config.memory()));
        c.put("pods", new Quantity(Integer.toString(config.pods())));
        c.put("ephemeral-storage", new Quantity(config.ephemeralStorage()));
        this.capacity = Map.copyOf(c);
    }

    /** The object as registered; status goes separately through nodes/status. */
    Node node(HollowNode n) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("kubernetes.io/hostname", n.name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("topology.kubernetes.io/region", config.region());
        labels.put("topology.kubernetes.io/zone", n.zone);
        labels.put("node.kubernetes.io/instance-type", config.instanceType());
        labels.put(HOLLOW_LABEL, "true");
        String cidr = n.podIps.cidr().toString();
        return new NodeBuilder()
                .withNewMetadata().withName(n.name).withLabels(labels)
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0").endMetadata()
                .withNewSpec().withPodCIDR(cidr).withPodCIDRs(cidr).withProviderID("hollow://" + n.name)
                .withTaints(config.taints().isEmpty() ? null : config.taints()).endSpec()
                .build();
    }

    NodeStatus status(HollowNode n, String now) {
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                "kubelet has sufficient memory available", n, now),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                                n, now),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                                n, now),
                        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", n, now))
                .withAddresses(new NodeAddress(n.internalIp, "InternalIP"), new NodeAddress(n.name, "Hostname"))
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64").withOperatingSystem("linux").withOsImage("Jube Hollow Linux")
                .withKernelVersion("6.1.0-hollow").withContainerRuntimeVersion("hollow://1.0")
                .withKubeletVersion(config.kubeletVersion()).withKubeProxyVersion(config.kubeletVersion())
                .withMachineID(id(n, "machine")).withSystemUUID(id(n, "system")).withBootID(id(n, "boot"))
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, HollowNode n,
            String now) {
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastHeartbeatTime(now);
        c.setLastTransitionTime(n.registeredAt);
        return c;
    }

    private static String id(HollowNode n, String kind) {
        return String.format("%08x-0000-4000-8000-%012x", kind.hashCode(), n.index);
    }

    Lease lease(HollowNode n, ZonedDateTime now) {
        return new LeaseBuilder()
                .withNewMetadata().withName(n.name).withNamespace(LEASE_NAMESPACE)
                .withOwnerReferences(n.uid == null ? List.of() : List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1").withKind("Node").withName(n.name).withUid(n.uid).build()))
                .endMetadata()
                .withNewSpec().withHolderIdentity(n.name)
                .withLeaseDurationSeconds((int) config.leaseDuration().toSeconds())
                .withRenewTime(now).endSpec()
                .build();
    }
}
