package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code Capabilities}, as a view of its JSON (see {@link JsonView}). */
public final class Capabilities extends JsonView {

    public Capabilities() {}

    public Capabilities(Map<String, Object> json) {
        super(json);
    }

    public List<String> getAdd() {
        return strings("add");
    }

    public List<String> getDrop() {
        return strings("drop");
    }
}
