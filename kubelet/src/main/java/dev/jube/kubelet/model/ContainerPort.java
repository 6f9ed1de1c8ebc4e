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

    public void setContainerPort(Integer value) {
        put("containerPort", value);
    }

    public ContainerPort withContainerPort(Integer value) {
        put("containerPort", value);
        return this;
    }

    public String getHostIP() {
        return str("hostIP");
    }

    public void setHostIP(String value) {
        put("hostIP", value);
    }

    public ContainerPort withHostIP(String value) {
        put("hostIP", value);
        return this;
    }

    public Integer getHostPort() {
        return integer("hostPort");
    }

    public void setHostPort(Integer value) {
        put("hostPort", value);
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public ContainerPort withName(String value) {
        put("name", value);
        return this;
    }

    public String getProtocol() {
        return str("protocol");
    }

    public void setProtocol(String value) {
        put("protocol", value);
    }
}
