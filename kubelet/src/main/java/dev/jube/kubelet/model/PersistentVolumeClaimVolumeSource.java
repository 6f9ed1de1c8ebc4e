package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolumeClaimVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeClaimVolumeSource extends JsonView {

    public PersistentVolumeClaimVolumeSource() {}

    public PersistentVolumeClaimVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public String getClaimName() {
        return str("claimName");
    }
}
