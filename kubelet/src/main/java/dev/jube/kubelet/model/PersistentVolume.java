package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolume}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolume extends JsonView {

    public PersistentVolume() {}

    public PersistentVolume(Map<String, Object> json) {
        super(json);
    }

    public PersistentVolumeSpec getSpec() {
        return obj("spec", PersistentVolumeSpec::new);
    }
}
