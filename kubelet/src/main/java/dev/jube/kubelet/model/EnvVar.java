package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code EnvVar}, as a view of its JSON (see {@link JsonView}). */
public final class EnvVar extends JsonView {

    public EnvVar() {}

    public EnvVar(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public void setName(String value) {
        put("name", value);
    }

    public EnvVar withName(String value) {
        put("name", value);
        return this;
    }

    public String getValue() {
        return str("value");
    }

    public void setValue(String value) {
        put("value", value);
    }

    public EnvVar withValue(String value) {
        put("value", value);
        return this;
    }

    public EnvVarSource getValueFrom() {
        return obj("valueFrom", EnvVarSource::new);
    }
}
