package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code NodeCondition}, as a view of its JSON (see {@link JsonView}). */
public final class NodeCondition extends JsonView {

    public NodeCondition() {}

    public NodeCondition(Map<String, Object> json) {
        super(json);
    }

    public NodeCondition withLastHeartbeatTime(String value) {
        put("lastHeartbeatTime", value);
        return this;
    }

    public NodeCondition withLastTransitionTime(String value) {
        put("lastTransitionTime", value);
        return this;
    }

    public NodeCondition withMessage(String value) {
        put("message", value);
        return this;
    }

    public NodeCondition withReason(String value) {
        put("reason", value);
        return this;
    }

    public NodeCondition withStatus(String value) {
        put("status", value);
        return this;
    }

    public NodeCondition withType(String value) {
        put("type", value);
        return this;
    }
}
