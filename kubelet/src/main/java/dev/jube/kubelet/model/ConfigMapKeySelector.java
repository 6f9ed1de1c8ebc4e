package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ConfigMapKeySelector}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMapKeySelector extends JsonView {

    public ConfigMapKeySelector() {}

    public ConfigMapKeySelector(Map<String, Object> json) {
        super(json);
    }

    public String getKey() {
        return str("key");
    }

    public String getName() {
        return str("name");
    }

    public Boolean getOptional() {
        return bool("optional");
    }
}
