package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStateRunning}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStateRunning extends JsonView {

    public ContainerStateRunning() {}

    public ContainerStateRunning(Map<String, Object> json) {
        super(json);
    }

    public ContainerStateRunning withStartedAt(String value) {
        put("startedAt", value);
        return this;
    }
}
