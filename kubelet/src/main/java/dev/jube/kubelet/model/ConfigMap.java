package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ConfigMap}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMap extends JsonView {

    public ConfigMap() {}

    public ConfigMap(Map<String, Object> json) {
        super(json);
    }

    public ConfigMap withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Map<String, String> getBinaryData() {
        return strMap("binaryData");
    }

    public Map<String, String> getData() {
        return strMap("data");
    }

    public ConfigMap withData(Map<String, String> value) {
        put("data", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public ConfigMap withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public ConfigMap withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }
}
