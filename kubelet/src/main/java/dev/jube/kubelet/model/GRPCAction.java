package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code GRPCAction}, as a view of its JSON (see {@link JsonView}). */
public final class GRPCAction extends JsonView {

    public GRPCAction() {}

    public GRPCAction(Map<String, Object> json) {
        super(json);
    }

    public Integer getPort() {
        return integer("port");
    }

    public GRPCAction withPort(Integer value) {
        put("port", value);
        return this;
    }

    public String getService() {
        return str("service");
    }

    public GRPCAction withService(String value) {
        put("service", value);
        return this;
    }
}
