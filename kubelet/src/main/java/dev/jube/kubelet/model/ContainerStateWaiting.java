package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStateWaiting}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStateWaiting extends JsonView {

    public ContainerStateWaiting() {}

    public ContainerStateWaiting(Map<String, Object> json) {
        super(json);
    }

    public ContainerStateWaiting withMessage(String value) {
        put("message", value);
        return this;
    }

    public ContainerStateWaiting withReason(String value) {
        put("reason", value);
        return this;
    }
}
