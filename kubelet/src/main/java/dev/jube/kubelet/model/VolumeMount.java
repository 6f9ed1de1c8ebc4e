package dev.jube.kubelet.model;

import java.util.List;
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

    public VolumeMount withMountPath(String value) {
        put("mountPath", value);
        return this;
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public VolumeMount withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getReadOnly() {
        return bool("readOnly");
    }

    public VolumeMount withReadOnly(Boolean value) {
        put("readOnly", value);
        return this;
    }

    public String getSubPath() {
        return str("subPath");
    }
}
