package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ObjectReference}, as a view of its JSON (see {@link JsonView}). */
public final class ObjectReference extends JsonView {

    public ObjectReference() {}

    public ObjectReference(Map<String, Object> json) {
        super(json);
    }

    public ObjectReference withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public ObjectReference withFieldPath(String value) {
        put("fieldPath", value);
        return this;
    }

    public ObjectReference withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectReference withName(String value) {
        put("name", value);
        return this;
    }

    public ObjectReference withNamespace(String value) {
        put("namespace", value);
        return this;
    }

    public ObjectReference withUid(String value) {
        put("uid", value);
        return this;
    }
}
