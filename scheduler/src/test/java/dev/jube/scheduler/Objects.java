package dev.jube.scheduler;

import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Test objects: nodes as a kubelet reports them, pods with requests. */
public final class Objects {

    private Objects() {}

    /** A node with cpu/memory allocatable, 110 pod slots and the hostname label. */
    public static NodeBuilder node(String name, String cpu, String memory) {
        Map<String, Quantity> alloc = new HashMap<>();
        alloc.put("cpu", new Quantity(cpu));
        alloc.put("memory", new Quantity(memory));
        alloc.put("pods", new Quantity("110"));
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(alloc).withAllocatable(alloc).endStatus();
    }

    public static NodeBuilder taint(NodeBuilder b, String key, String value, String effect) {
        return b.editSpec().addToTaints(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build())
                .endSpec();
    }

    public static Container container(String name, String cpu, String memory) {
        ContainerBuilder c = new ContainerBuilder().withName(name).withImage("busybox");
        if (cpu != null) {
            c.editOrNewResources().addToRequests("cpu", new Quantity(cpu)).endResources();
        }
        if (memory != null) {
            c.editOrNewResources().addToRequests("memory", new Quantity(memory)).endResources();
        }
        return c.build();
    }

    /** A pod in "default" with one container requesting cpu and memory (null: none). */
    public static PodBuilder pod(String name, String cpu, String memory) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec().addToContainers(container("c", cpu, memory)).endSpec();
    }

    public static Pod onNode(Pod p, String node) {
        return new PodBuilder(p).editSpec().withNodeName(node).endSpec().build();
    }

    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo n = new NodeInfo(node);
        for (Pod p : pods) {
            n.addPod(new PodInfo(onNode(p, node.getMetadata().getName())));
        }
        return n;
    }
}
