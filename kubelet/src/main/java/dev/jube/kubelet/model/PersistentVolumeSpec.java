package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PersistentVolumeSpec}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeSpec extends JsonView {

    public PersistentVolumeSpec() {}

    public PersistentVolumeSpec(Map<String, Object> json) {
        super(json);
    }

    public HostPathVolumeSource getHostPath() {
        return obj("hostPath", HostPathVolumeSource::new);
    }

    public LocalVolumeSource getLocal() {
        return obj("local", LocalVolumeSource::new);
    }
}
