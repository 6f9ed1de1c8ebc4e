package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Namespace}, as a view of its JSON (see {@link JsonView}). */
public final class Namespace extends JsonView {

    public Namespace() {}

    public Namespace(Map<String, Object> json) {
        super(json);
    }
}
