package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.List;
import java.util.Map;

/** The API's {@code PersistentVolumeSpec}, as a view of its JSON (see {@link JsonView}). */
public final class PersistentVolumeSpec extends JsonView {

    public PersistentVolumeSpec() {}

    public PersistentVolumeSpec(Map<String, Object> json) {
        super(json);
    }

    public Map<String, Quantity> getCapacity() {
        return quantities("capacity");
    }

    public void setCapacity(Map<String, Quantity> value) {
        put("capacity", value);
    }

    public PersistentVolumeSpec withCapacity(Map<String, Quantity> value) {
        put("capacity", value);
        return this;
    }

    public HostPathVolumeSource getHostPath() {
        return obj("hostPath", HostPathVolumeSource::new);
    }

    public void setHostPath(HostPathVolumeSource value) {
        put("hostPath", value);
    }

    public LocalVolumeSource getLocal() {
        return obj("local", LocalVolumeSource::new);
    }
}
