package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code SecretKeySelector}, as a view of its JSON (see {@link JsonView}). */
public final class SecretKeySelector extends JsonView {

    public SecretKeySelector() {}

    public SecretKeySelector(Map<String, Object> json) {
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
