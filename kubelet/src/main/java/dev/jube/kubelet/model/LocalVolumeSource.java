package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code LocalVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class LocalVolumeSource extends JsonView {

    public LocalVolumeSource() {}

    public LocalVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public String getPath() {
        return str("path");
    }
}
