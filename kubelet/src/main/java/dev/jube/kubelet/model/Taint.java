package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Taint}, as a view of its JSON (see {@link JsonView}). */
public final class Taint extends JsonView {

    public Taint() {}

    public Taint(Map<String, Object> json) {
        super(json);
    }

    public Taint withEffect(String value) {
        put("effect", value);
        return this;
    }

    public String getKey() {
        return str("key");
    }

    public void setKey(String value) {
        put("key", value);
    }

    public Taint withKey(String value) {
        put("key", value);
        return this;
    }

    public String getValue() {
        return str("value");
    }

    public void setValue(String value) {
        put("value", value);
    }

    public Taint withValue(String value) {
        put("value", value);
        return this;
    }
}
