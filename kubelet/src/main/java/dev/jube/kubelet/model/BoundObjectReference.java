package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code BoundObjectReference}, as a view of its JSON (see {@link JsonView}). */
public final class BoundObjectReference extends JsonView {

    public BoundObjectReference() {}

    public BoundObjectReference(Map<String, Object> json) {
        super(json);
    }

    public BoundObjectReference withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public BoundObjectReference withKind(String value) {
        put("kind", value);
        return this;
    }

    public BoundObjectReference withName(String value) {
        put("name", value);
        return this;
    }

    public BoundObjectReference withUid(String value) {
        put("uid", value);
        return this;
    }
}
