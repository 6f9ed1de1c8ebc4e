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

    public void setName(String value) {
        put("name", value);
    }

    public ConfigMapEnvSource withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getOptional() {
        return bool("optional");
    }

    public ConfigMapEnvSource withOptional(Boolean value) {
        put("optional", value);
        return this;
    }
}
