package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code NodeAddress}, as a view of its JSON (see {@link JsonView}). */
public final class NodeAddress extends JsonView {

    public NodeAddress() {}

    public NodeAddress(Map<String, Object> json) {
        super(json);
    }

    public String getAddress() {
        return str("address");
    }

    public NodeAddress withAddress(String value) {
        put("address", value);
        return this;
    }

    public String getType() {
        return str("type");
    }

    public void setType(String value) {
        put("type", value);
    }

    public NodeAddress withType(String value) {
        put("type", value);
        return this;
    }
}
