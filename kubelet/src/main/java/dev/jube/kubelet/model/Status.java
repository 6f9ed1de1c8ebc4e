package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Status}, as a view of its JSON (see {@link JsonView}). */
public final class Status extends JsonView {

    public Status() {}

    public Status(Map<String, Object> json) {
        super(json);
    }
}
