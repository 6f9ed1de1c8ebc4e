package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerState}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerState extends JsonView {

    public ContainerState() {}

    public ContainerState(Map<String, Object> json) {
        super(json);
    }

    public ContainerStateRunning getRunning() {
        return obj("running", ContainerStateRunning::new);
    }

    public ContainerState withRunning(ContainerStateRunning value) {
        put("running", value);
        return this;
    }

    public ContainerStateTerminated getTerminated() {
        return obj("terminated", ContainerStateTerminated::new);
    }

    public ContainerState withTerminated(ContainerStateTerminated value) {
        put("terminated", value);
        return this;
    }

    public ContainerState withWaiting(ContainerStateWaiting value) {
        put("waiting", value);
        return this;
    }
}
