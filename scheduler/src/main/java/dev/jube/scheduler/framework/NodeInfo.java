package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node and the pods on it (bound or assumed), with the sums the filters need kept up to date:
 * requested resources, host ports, pods with affinity terms.
 */
public final class NodeInfo {

    private Node node;
    private final List<PodInfo> pods;
    private final List<PodInfo> podsWithAffinity;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final HostPorts usedPorts;
    private final Resource requested;
    private final Resource nonZeroRequested;
    private Resource allocatable;
    private Map<String, Long> images;
    private List<Taint> taints;
    private boolean unschedulable;
    private long generation;

    public NodeInfo() {
        this((Node) null);
    }

    public NodeInfo(Node node) {
        this.pods = new ArrayList<>();
        this.podsWithAffinity = new ArrayList<>();
        this.podsWithRequiredAntiAffinity = new ArrayList<>();
        this.usedPorts = new HostPorts();
        this.requested = new Resource();
        this.nonZeroRequested = new Resource();
        this.allocatable = new Resource();
        this.images = Map.of();
        setNode(node);
    }

    private NodeInfo(NodeInfo o) {
        this.node = o.node;
        this.pods = new ArrayList<>(o.pods);
        this.podsWithAffinity = new ArrayList<>(o.podsWithAffinity);
        this.podsWithRequiredAntiAffinity = new ArrayList<>(o.podsWithRequiredAntiAffinity);
        this.usedPorts = o.usedPorts.copy();
        this.requested = o.requested.copy();
        this.nonZeroRequested = o.nonZeroRequested.copy();
        this.allocatable = o.allocatable;
        this.images = o.images;
        this.taints = o.taints;
        this.unschedulable = o.unschedulable;
        this.generation = o.generation;
    }

    /** spec.unschedulable of the node (cordoned). */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** A copy whose lists and sums can change without touching this one (pods and the node are shared, immutable). */
    public NodeInfo copy() {
        return new NodeInfo(this);
    }

    public void setNode(Node node) {
        this.node = node;
        // Read once here: the filters ask for every node in every cycle, and following the node's
        // object graph there costs a cache miss per hop on a large cluster.
        var spec = node == null ? null : node.getSpec();
        unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        taints = spec == null || spec.getTaints() == null || spec.getTaints().isEmpty() ? List.of()
                : List.copyOf(spec.getTaints());
        if (node == null) {
            allocatable = new Resource();
            images = Map.of();
            return;
        }
        var status = node.getStatus();
        allocatable = Resource.of(status == null ? null
                : status.getAllocatable() != null && !status.getAllocatable().isEmpty() ? status.getAllocatable()
                : status.getCapacity());
        Map<String, Long> imgs = new HashMap<>();
        if (status != null && status.getImages() != null) {
            for (ContainerImage img : status.getImages()) {
                long size = img.getSizeBytes() == null ? 0 : img.getSizeBytes();
                for (String name : img.getNames()) {
                    imgs.put(Images.normalize(name), size);
                }
            }
        }
        images = Map.copyOf(imgs);
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node == null ? "" : node.getMetadata().getName();
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinity;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    public HostPorts usedPorts() {
        return usedPorts;
    }

    /** The sum of the requests of the pods here. */
    public Resource requested() {
        return requested;
    }

    /** As {@link #requested()}, counting unset CPU and memory requests as the scoring defaults. */
    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    public Resource allocatable() {
        return allocatable;
    }

    /** spec.taints of the node (empty when none). */
    public List<Taint> taints() {
        return taints;
    }

    /** Images present on the node (normalized names) and their sizes in bytes. */
    public Map<String, Long> images() {
        return images;
    }

    public long generation() {
        return generation;
    }

    public void setGeneration(long generation) {
        this.generation = generation;
    }

    public Map<String, String> labels() {
        return node == null ? Map.of() : Selectors.labels(node);
    }

    public void addPod(PodInfo p) {
        pods.add(p);
        if (!p.requiredAffinity().isEmpty() || !p.requiredAntiAffinity().isEmpty() || !p.preferredAffinity().isEmpty()
                || !p.preferredAntiAffinity().isEmpty()) {
            podsWithAffinity.add(p);
        }
        if (!p.requiredAntiAffinity().isEmpty()) {
            podsWithRequiredAntiAffinity.add(p);
        }
        requested.add(p.requests());
        nonZeroRequested.add(p.nonZeroRequests());
        for (HostPorts.Port port : HostPorts.of(p.pod())) {
            usedPorts.add(port);
        }
    }

    /** Removes the pod with {@code uid}; false when it is not here. */
    public boolean removePod(String uid) {
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (Objects.equals(p.uid(), uid)) {
                pods.remove(i);
                podsWithAffinity.removeIf(x -> Objects.equals(x.uid(), uid));
                podsWithRequiredAntiAffinity.removeIf(x -> Objects.equals(x.uid(), uid));
                requested.subtract(p.requests());
                nonZeroRequested.subtract(p.nonZeroRequests());
                for (HostPorts.Port port : HostPorts.of(p.pod())) {
                    usedPorts.remove(port);
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "NodeInfo{" + name() + ", pods=" + pods.size() + ", requested=" + requested + "}";
    }
}
