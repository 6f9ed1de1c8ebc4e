package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code NodeAddress}, as a view of its JSON (see {@link JsonView}). */
public final class NodeAddress extends JsonView {

    public NodeAddress() {}

    public NodeAddress(Map<String, Object> json) {
        super(json);
    }

    public NodeAddress withAddress(String value) {
        put("address", value);
        return this;
    }

    public NodeAddress withType(String value) {
        put("type", value);
        return this;
    }
}
