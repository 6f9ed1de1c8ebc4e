package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code HostPathVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class HostPathVolumeSource extends JsonView {

    public HostPathVolumeSource() {}

    public HostPathVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public String getPath() {
        return str("path");
    }

    public String getType() {
        return str("type");
    }
}
