package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code OwnerReference}, as a view of its JSON (see {@link JsonView}). */
public final class OwnerReference extends JsonView {

    public OwnerReference() {}

    public OwnerReference(Map<String, Object> json) {
        super(json);
    }

    public OwnerReference withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public OwnerReference withController(Boolean value) {
        put("controller", value);
        return this;
    }

    public OwnerReference withKind(String value) {
        put("kind", value);
        return this;
    }

    public OwnerReference withName(String value) {
        put("name", value);
        return this;
    }

    public OwnerReference withUid(String value) {
        put("uid", value);
        return this;
    }
}
