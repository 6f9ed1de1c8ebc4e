package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code EventSource}, as a view of its JSON (see {@link JsonView}). */
public final class EventSource extends JsonView {

    public EventSource() {}

    public EventSource(Map<String, Object> json) {
        super(json);
    }

    public EventSource withComponent(String value) {
        put("component", value);
        return this;
    }

    public EventSource withHost(String value) {
        put("host", value);
        return this;
    }
}
