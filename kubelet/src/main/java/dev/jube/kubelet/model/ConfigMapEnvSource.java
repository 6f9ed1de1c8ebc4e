package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ConfigMapEnvSource}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMapEnvSource extends JsonView {

    public ConfigMapEnvSource() {}

    public ConfigMapEnvSource(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public Boolean getOptional() {
        return bool("optional");
    }
}
