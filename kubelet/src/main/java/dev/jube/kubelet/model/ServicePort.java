package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ServicePort}, as a view of its JSON (see {@link JsonView}). */
public final class ServicePort extends JsonView {

    public ServicePort() {}

    public ServicePort(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public Integer getPort() {
        return integer("port");
    }

    public String getProtocol() {
        return str("protocol");
    }
}
