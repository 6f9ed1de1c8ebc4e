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

    public void setKey(String value) {
        put("key", value);
    }

    public ConfigMapKeySelector withKey(String value) {
        put("key", value);
        return this;
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public ConfigMapKeySelector withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getOptional() {
        return bool("optional");
    }

    public ConfigMapKeySelector withOptional(Boolean value) {
        put("optional", value);
        return this;
    }
}
