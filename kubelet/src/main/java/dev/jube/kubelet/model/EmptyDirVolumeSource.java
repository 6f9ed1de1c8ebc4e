package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.Map;

/** The API's {@code EmptyDirVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class EmptyDirVolumeSource extends JsonView {

    public EmptyDirVolumeSource() {}

    public EmptyDirVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public String getMedium() {
        return str("medium");
    }

    public Quantity getSizeLimit() {
        return quantity("sizeLimit");
    }
}
