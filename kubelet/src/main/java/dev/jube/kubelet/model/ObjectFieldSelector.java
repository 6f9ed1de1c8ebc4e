package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ObjectFieldSelector}, as a view of its JSON (see {@link JsonView}). */
public final class ObjectFieldSelector extends JsonView {

    public ObjectFieldSelector() {}

    public ObjectFieldSelector(Map<String, Object> json) {
        super(json);
    }

    public String getFieldPath() {
        return str("fieldPath");
    }
}
