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

    public void setName(String value) {
        put("name", value);
    }

    public Sysctl withName(String value) {
        put("name", value);
        return this;
    }

    public String getValue() {
        return str("value");
    }

    public void setValue(String value) {
        put("value", value);
    }

    public Sysctl withValue(String value) {
        put("value", value);
        return this;
    }
}
