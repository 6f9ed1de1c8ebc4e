package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolumeClaim}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeClaim extends JsonView {

    public PersistentVolumeClaim() {}

    public PersistentVolumeClaim(Map<String, Object> json) {
        super(json);
    }

    public PersistentVolumeClaimSpec getSpec() {
        return obj("spec", PersistentVolumeClaimSpec::new);
    }
}
