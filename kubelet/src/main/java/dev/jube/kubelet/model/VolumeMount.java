package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code VolumeMount}, as a view of its JSON (see {@link JsonView}). */
public final class VolumeMount extends JsonView {

    public VolumeMount() {}

    public VolumeMount(Map<String, Object> json) {
        super(json);
    }

    public String getMountPath() {
        return str("mountPath");
    }

    public String getName() {
        return str("name");
    }

    public Boolean getReadOnly() {
        return bool("readOnly");
    }

    public String getSubPath() {
        return str("subPath");
    }
}
