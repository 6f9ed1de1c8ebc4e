package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ConfigMapProjection}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMapProjection extends JsonView {

    public ConfigMapProjection() {}

    public ConfigMapProjection(Map<String, Object> json) {
        super(json);
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
