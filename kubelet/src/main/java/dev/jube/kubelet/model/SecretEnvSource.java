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

    public Boolean getOptional() {
        return bool("optional");
    }
}
