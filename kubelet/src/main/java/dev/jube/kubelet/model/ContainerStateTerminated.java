package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStateTerminated}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStateTerminated extends JsonView {

    public ContainerStateTerminated() {}

    public ContainerStateTerminated(Map<String, Object> json) {
        super(json);
    }

    public ContainerStateTerminated withContainerID(String value) {
        put("containerID", value);
        return this;
    }

    public Integer getExitCode() {
        return integer("exitCode");
    }

    public ContainerStateTerminated withExitCode(Integer value) {
        put("exitCode", value);
        return this;
    }

    public ContainerStateTerminated withFinishedAt(String value) {
        put("finishedAt", value);
        return this;
    }

    public ContainerStateTerminated withMessage(String value) {
        put("message", value);
        return this;
    }

    public ContainerStateTerminated withReason(String value) {
        put("reason", value);
        return this;
    }

    public ContainerStateTerminated withStartedAt(String value) {
        put("startedAt", value);
        return this;
    }
}
