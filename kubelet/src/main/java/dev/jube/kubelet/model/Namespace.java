package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Namespace}, as a view of its JSON (see {@link JsonView}). */
public final class Namespace extends JsonView {

    public Namespace() {}

    public Namespace(Map<String, Object> json) {
        super(json);
    }

    public Namespace withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public Namespace withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public Namespace withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }
}
