package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code KeyToPath}, as a view of its JSON (see {@link JsonView}). */
public final class KeyToPath extends JsonView {

    public KeyToPath() {}

    public KeyToPath(Map<String, Object> json) {
        super(json);
    }

    public String getKey() {
        return str("key");
    }

    public Integer getMode() {
        return integer("mode");
    }

    public String getPath() {
        return str("path");
    }
}
