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

    public NodeStatus withAddresses(List<NodeAddress> value) {
        put("addresses", value);
        return this;
    }

    public NodeStatus withAllocatable(Map<String, Quantity> value) {
        put("allocatable", value);
        return this;
    }

    public NodeStatus withCapacity(Map<String, Quantity> value) {
        put("capacity", value);
        return this;
    }

    public NodeStatus withConditions(List<NodeCondition> value) {
        put("conditions", value);
        return this;
    }

    public NodeStatus withDaemonEndpoints(NodeDaemonEndpoints value) {
        put("daemonEndpoints", value);
        return this;
    }

    public NodeStatus withImages(List<ContainerImage> value) {
        put("images", value);
        return this;
    }

    public NodeStatus withNodeInfo(NodeSystemInfo value) {
        put("nodeInfo", value);
        return this;
    }
}
