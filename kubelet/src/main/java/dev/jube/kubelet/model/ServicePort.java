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

    public void setName(String value) {
        put("name", value);
    }

    public ServicePort withName(String value) {
        put("name", value);
        return this;
    }

    public Integer getPort() {
        return integer("port");
    }

    public void setPort(Integer value) {
        put("port", value);
    }

    public ServicePort withPort(Integer value) {
        put("port", value);
        return this;
    }

    public String getProtocol() {
        return str("protocol");
    }

    public void setProtocol(String value) {
        put("protocol", value);
    }
}
