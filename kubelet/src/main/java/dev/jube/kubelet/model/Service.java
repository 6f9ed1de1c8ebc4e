package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Service}, as a view of its JSON (see {@link JsonView}). */
public final class Service extends JsonView {

    public Service() {}

    public Service(Map<String, Object> json) {
        super(json);
    }

    public Service withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public Service withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public Service withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public ServiceSpec getSpec() {
        return obj("spec", ServiceSpec::new);
    }

    public void setSpec(ServiceSpec value) {
        put("spec", value);
    }

    public Service withSpec(ServiceSpec value) {
        put("spec", value);
        return this;
    }
}
