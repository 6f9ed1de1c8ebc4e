package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Pod}, as a view of its JSON (see {@link JsonView}). */
public final class Pod extends JsonView {

    public Pod() {}

    public Pod(Map<String, Object> json) {
        super(json);
    }

    public Pod withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public Pod withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public Pod withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public PodSpec getSpec() {
        return obj("spec", PodSpec::new);
    }

    public Pod withSpec(PodSpec value) {
        put("spec", value);
        return this;
    }

    public PodStatus getStatus() {
        return obj("status", PodStatus::new);
    }

    public Pod withStatus(PodStatus value) {
        put("status", value);
        return this;
    }
}
