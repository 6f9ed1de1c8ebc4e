package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Secret}, as a view of its JSON (see {@link JsonView}). */
public final class Secret extends JsonView {

    public Secret() {}

    public Secret(Map<String, Object> json) {
        super(json);
    }

    public Map<String, String> getData() {
        return strMap("data");
    }

    public Map<String, String> getStringData() {
        return strMap("stringData");
    }
}
