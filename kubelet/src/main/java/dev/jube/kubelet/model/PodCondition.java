package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PodCondition}, as a view of its JSON (see {@link JsonView}). */
public final class PodCondition extends JsonView {

    public PodCondition() {}

    public PodCondition(Map<String, Object> json) {
        super(json);
    }

    public String getLastTransitionTime() {
        return str("lastTransitionTime");
    }

    public PodCondition withLastTransitionTime(String value) {
        put("lastTransitionTime", value);
        return this;
    }

    public PodCondition withMessage(String value) {
        put("message", value);
        return this;
    }

    public PodCondition withReason(String value) {
        put("reason", value);
        return this;
    }

    public String getStatus() {
        return str("status");
    }

    public PodCondition withStatus(String value) {
        put("status", value);
        return this;
    }

    public String getType() {
        return str("type");
    }

    public PodCondition withType(String value) {
        put("type", value);
        return this;
    }
}
