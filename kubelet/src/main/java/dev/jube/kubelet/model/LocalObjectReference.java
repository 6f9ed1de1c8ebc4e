package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code LocalObjectReference}, as a view of its JSON (see {@link JsonView}). */
public final class LocalObjectReference extends JsonView {

    public LocalObjectReference() {}

    public LocalObjectReference(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }
}
