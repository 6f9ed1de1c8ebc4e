package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerStatus}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerStatus extends JsonView {

    public ContainerStatus() {}

    public ContainerStatus(Map<String, Object> json) {
        super(json);
    }

    public ContainerStatus withContainerID(String value) {
        put("containerID", value);
        return this;
    }

    public ContainerStatus withImage(String value) {
        put("image", value);
        return this;
    }

    public ContainerStatus withImageID(String value) {
        put("imageID", value);
        return this;
    }

    public ContainerState getLastState() {
        return obj("lastState", ContainerState::new);
    }

    public ContainerStatus withLastState(ContainerState value) {
        put("lastState", value);
        return this;
    }

    public String getName() {
        return str("name");
    }

    public ContainerStatus withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getReady() {
        return bool("ready");
    }

    public ContainerStatus withReady(Boolean value) {
        put("ready", value);
        return this;
    }

    public ContainerStatus withRestartCount(Integer value) {
        put("restartCount", value);
        return this;
    }

    public Boolean getStarted() {
        return bool("started");
    }

    public ContainerStatus withStarted(Boolean value) {
        put("started", value);
        return this;
    }

    public ContainerState getState() {
        return obj("state", ContainerState::new);
    }

    public ContainerStatus withState(ContainerState value) {
        put("state", value);
        return this;
    }
}
