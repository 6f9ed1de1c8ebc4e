package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Secret}, as a view of its JSON (see {@link JsonView}). */
public final class Secret extends JsonView {

    public Secret() {}

    public Secret(Map<String, Object> json) {
        super(json);
    }

    public Secret withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Map<String, String> getData() {
        return strMap("data");
    }

    public Secret withData(Map<String, String> value) {
        put("data", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public Secret withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public Secret withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public Map<String, String> getStringData() {
        return strMap("stringData");
    }

    public String getType() {
        return str("type");
    }

    public void setType(String value) {
        put("type", value);
    }

    public Secret withType(String value) {
        put("type", value);
        return this;
    }
}
