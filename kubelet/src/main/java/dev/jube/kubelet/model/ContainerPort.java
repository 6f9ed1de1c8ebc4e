package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ContainerPort}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerPort extends JsonView {

    public ContainerPort() {}

    public ContainerPort(Map<String, Object> json) {
        super(json);
    }

    public Integer getContainerPort() {
        return integer("containerPort");
    }

    public String getHostIP() {
        return str("hostIP");
    }

    public Integer getHostPort() {
        return integer("hostPort");
    }

    public String getName() {
        return str("name");
    }

    public String getProtocol() {
        return str("protocol");
    }

    public ContainerPort withContainerPort(Integer value) {
        put("containerPort", value);
        return this;
    }

    public ContainerPort withName(String value) {
        put("name", value);
        return this;
    }
}
