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

    public String getValue() {
        return str("value");
    }

    public EnvVarSource getValueFrom() {
        return obj("valueFrom", EnvVarSource::new);
    }
}
