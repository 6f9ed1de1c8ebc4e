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

    public List<KeyToPath> getItems() {
        return list("items", KeyToPath::new);
    }

    public String getName() {
        return str("name");
    }

    public Boolean getOptional() {
        return bool("optional");
    }
}
