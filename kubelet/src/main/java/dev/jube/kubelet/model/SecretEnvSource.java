package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code SecretEnvSource}, as a view of its JSON (see {@link JsonView}). */
public final class SecretEnvSource extends JsonView {

    public SecretEnvSource() {}

    public SecretEnvSource(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public SecretEnvSource withName(String value) {
        put("name", value);
        return this;
    }

    public Boolean getOptional() {
        return bool("optional");
    }

    public SecretEnvSource withOptional(Boolean value) {
        put("optional", value);
        return this;
    }
}
