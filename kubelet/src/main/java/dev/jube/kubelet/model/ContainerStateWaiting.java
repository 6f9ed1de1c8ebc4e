package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStateWaiting}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStateWaiting extends JsonView {

    public ContainerStateWaiting() {}

    public ContainerStateWaiting(Map<String, Object> json) {
        super(json);
    }

    public String getMessage() {
        return str("message");
    }

    public void setMessage(String value) {
        put("message", value);
    }

    public ContainerStateWaiting withMessage(String value) {
        put("message", value);
        return this;
    }

    public String getReason() {
        return str("reason");
    }

    public void setReason(String value) {
        put("reason", value);
    }

    public ContainerStateWaiting withReason(String value) {
        put("reason", value);
        return this;
    }
}
