package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolume}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolume extends JsonView {

    public PersistentVolume() {}

    public PersistentVolume(Map<String, Object> json) {
        super(json);
    }

    public PersistentVolume withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public PersistentVolume withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public PersistentVolume withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public PersistentVolumeSpec getSpec() {
        return obj("spec", PersistentVolumeSpec::new);
    }

    public void setSpec(PersistentVolumeSpec value) {
        put("spec", value);
    }

    public PersistentVolume withSpec(PersistentVolumeSpec value) {
        put("spec", value);
        return this;
    }
}
