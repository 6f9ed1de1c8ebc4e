package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ConfigMap}, as a view of its JSON (see {@link JsonView}). */
public final class ConfigMap extends JsonView {

    public ConfigMap() {}

    public ConfigMap(Map<String, Object> json) {
        super(json);
    }

    public Map<String, String> getBinaryData() {
        return strMap("binaryData");
    }

    public Map<String, String> getData() {
        return strMap("data");
    }
}
