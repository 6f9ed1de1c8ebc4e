package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolumeClaimSpec}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeClaimSpec extends JsonView {

    public PersistentVolumeClaimSpec() {}

    public PersistentVolumeClaimSpec(Map<String, Object> json) {
        super(json);
    }

    public String getVolumeName() {
        return str("volumeName");
    }
}
