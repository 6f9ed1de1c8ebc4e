package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolumeClaim}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeClaim extends JsonView {

    public PersistentVolumeClaim() {}

    public PersistentVolumeClaim(Map<String, Object> json) {
        super(json);
    }

    public PersistentVolumeClaim withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public String getKind() {
        return str("kind");
    }

    public PersistentVolumeClaim withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public PersistentVolumeClaim withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public PersistentVolumeClaimSpec getSpec() {
        return obj("spec", PersistentVolumeClaimSpec::new);
    }

    public void setSpec(PersistentVolumeClaimSpec value) {
        put("spec", value);
    }

    public PersistentVolumeClaim withSpec(PersistentVolumeClaimSpec value) {
        put("spec", value);
        return this;
    }
}
