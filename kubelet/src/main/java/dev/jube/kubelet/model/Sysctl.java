package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Sysctl}, as a view of its JSON (see {@link JsonView}). */
public final class Sysctl extends JsonView {

    public Sysctl() {}

    public Sysctl(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public String getValue() {
        return str("value");
    }
}
