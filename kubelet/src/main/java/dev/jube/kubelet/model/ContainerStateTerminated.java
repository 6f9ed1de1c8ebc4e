package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStateTerminated}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStateTerminated extends JsonView {

    public ContainerStateTerminated() {}

    public ContainerStateTerminated(Map<String, Object> json) {
        super(json);
    }

    public String getContainerID() {
        return str("containerID");
    }

    public ContainerStateTerminated withContainerID(String value) {
        put("containerID", value);
        return this;
    }

    public Integer getExitCode() {
        return integer("exitCode");
    }

    public void setExitCode(Integer value) {
        put("exitCode", value);
    }

    public ContainerStateTerminated withExitCode(Integer value) {
        put("exitCode", value);
        return this;
    }

    public String getFinishedAt() {
        return str("finishedAt");
    }

    public ContainerStateTerminated withFinishedAt(String value) {
        put("finishedAt", value);
        return this;
    }

    public String getMessage() {
        return str("message");
    }

    public void setMessage(String value) {
        put("message", value);
    }

    public ContainerStateTerminated withMessage(String value) {
        put("message", value);
        return this;
    }

    public String getReason() {
        return str("reason");
    }

    public void setReason(String value) {
        put("reason", value);
    }

    public ContainerStateTerminated withReason(String value) {
        put("reason", value);
        return this;
    }

    public String getStartedAt() {
        return str("startedAt");
    }

    public ContainerStateTerminated withStartedAt(String value) {
        put("startedAt", value);
        return this;
    }
}
