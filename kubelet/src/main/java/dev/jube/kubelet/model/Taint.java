package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Taint}, as a view of its JSON (see {@link JsonView}). */
public final class Taint extends JsonView {

    public Taint() {}

    public Taint(Map<String, Object> json) {
        super(json);
    }
}
