package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Event}, as a view of its JSON (see {@link JsonView}). */
public final class Event extends JsonView {

    public Event() {}

    public Event(Map<String, Object> json) {
        super(json);
    }

    public Event withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Event withCount(Integer value) {
        put("count", value);
        return this;
    }

    public Event withFirstTimestamp(String value) {
        put("firstTimestamp", value);
        return this;
    }

    public Event withInvolvedObject(ObjectReference value) {
        put("involvedObject", value);
        return this;
    }

    public Event withKind(String value) {
        put("kind", value);
        return this;
    }

    public Event withLastTimestamp(String value) {
        put("lastTimestamp", value);
        return this;
    }

    public Event withMessage(String value) {
        put("message", value);
        return this;
    }

    public Event withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public Event withReason(String value) {
        put("reason", value);
        return this;
    }

    public Event withReportingComponent(String value) {
        put("reportingComponent", value);
        return this;
    }

    public Event withReportingInstance(String value) {
        put("reportingInstance", value);
        return this;
    }

    public Event withSource(EventSource value) {
        put("source", value);
        return this;
    }

    public Event withType(String value) {
        put("type", value);
        return this;
    }
}
