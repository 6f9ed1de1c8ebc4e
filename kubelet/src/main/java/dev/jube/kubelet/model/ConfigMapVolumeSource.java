package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ConfigMapVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMapVolumeSource extends JsonView {

    public ConfigMapVolumeSource() {}

    public ConfigMapVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public Integer getDefaultMode() {
        return integer("defaultMode");
    }

    public ConfigMapVolumeSource withDefaultMode(Integer value) {
        put("defaultMode", value);
        return this;
    }

    public List<KeyToPath> getItems() {
        return list("items", KeyToPath::new);
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public ConfigMapVolumeSource withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getOptional() {
        return bool("optional");
    }

    public ConfigMapVolumeSource withOptional(Boolean value) {
        put("optional", value);
        return this;
    }
}
