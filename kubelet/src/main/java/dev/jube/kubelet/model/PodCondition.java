package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PodCondition}, as a view of its JSON (see {@link JsonView}). */
public final class PodCondition extends JsonView {

    public PodCondition() {}

    public PodCondition(Map<String, Object> json) {
        super(json);
    }

    public void setLastProbeTime(String value) {
        put("lastProbeTime", value);
    }

    public String getLastTransitionTime() {
        return str("lastTransitionTime");
    }

    public void setLastTransitionTime(String value) {
        put("lastTransitionTime", value);
    }

    public String getMessage() {
        return str("message");
    }

    public void setMessage(String value) {
        put("message", value);
    }

    public PodCondition withMessage(String value) {
        put("message", value);
        return this;
    }

    public String getReason() {
        return str("reason");
    }

    public void setReason(String value) {
        put("reason", value);
    }

    public PodCondition withReason(String value) {
        put("reason", value);
        return this;
    }

    public String getStatus() {
        return str("status");
    }

    public void setStatus(String value) {
        put("status", value);
    }

    public PodCondition withStatus(String value) {
        put("status", value);
        return this;
    }

    public String getType() {
        return str("type");
    }

    public void setType(String value) {
        put("type", value);
    }

    public PodCondition withType(String value) {
        put("type", value);
        return this;
    }
}
