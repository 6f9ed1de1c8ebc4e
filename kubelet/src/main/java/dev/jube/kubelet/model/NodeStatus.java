package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.List;
import java.util.Map;

/** The API's {@code NodeStatus}, as a view of its JSON (see {@link JsonView}). */
public final class NodeStatus extends JsonView {

    public NodeStatus() {}

    public NodeStatus(Map<String, Object> json) {
        super(json);
    }

    public List<NodeAddress> getAddresses() {
        return list("addresses", NodeAddress::new);
    }

    public void setAddresses(List<NodeAddress> value) {
        put("addresses", value);
    }

    public NodeStatus withAddresses(List<NodeAddress> value) {
        put("addresses", value);
        return this;
    }

    public Map<String, Quantity> getAllocatable() {
        return quantities("allocatable");
    }

    public void setAllocatable(Map<String, Quantity> value) {
        put("allocatable", value);
    }

    public NodeStatus withAllocatable(Map<String, Quantity> value) {
        put("allocatable", value);
        return this;
    }

    public Map<String, Quantity> getCapacity() {
        return quantities("capacity");
    }

    public void setCapacity(Map<String, Quantity> value) {
        put("capacity", value);
    }

    public NodeStatus withCapacity(Map<String, Quantity> value) {
        put("capacity", value);
        return this;
    }

    public List<NodeCondition> getConditions() {
        return list("conditions", NodeCondition::new);
    }

    public void setConditions(List<NodeCondition> value) {
        put("conditions", value);
    }

    public NodeStatus withConditions(List<NodeCondition> value) {
        put("conditions", value);
        return this;
    }

    public void setDaemonEndpoints(NodeDaemonEndpoints value) {
        put("daemonEndpoints", value);
    }

    public List<ContainerImage> getImages() {
        return list("images", ContainerImage::new);
    }

    public void setImages(List<ContainerImage> value) {
        put("images", value);
    }

    public NodeSystemInfo getNodeInfo() {
        return obj("nodeInfo", NodeSystemInfo::new);
    }

    public void setNodeInfo(NodeSystemInfo value) {
        put("nodeInfo", value);
    }

    public String getPhase() {
        return str("phase");
    }

    public void setPhase(String value) {
        put("phase", value);
    }

    public NodeStatus withPhase(String value) {
        put("phase", value);
        return this;
    }
}
