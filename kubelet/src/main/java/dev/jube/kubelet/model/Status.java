package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Status}, as a view of its JSON (see {@link JsonView}). */
public final class Status extends JsonView {

    public Status() {}

    public Status(Map<String, Object> json) {
        super(json);
    }

    public Status withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Integer getCode() {
        return integer("code");
    }

    public String getKind() {
        return str("kind");
    }

    public Status withKind(String value) {
        put("kind", value);
        return this;
    }

    public String getMessage() {
        return str("message");
    }

    public void setMessage(String value) {
        put("message", value);
    }

    public Status withMessage(String value) {
        put("message", value);
        return this;
    }

    public String getReason() {
        return str("reason");
    }

    public void setReason(String value) {
        put("reason", value);
    }

    public Status withReason(String value) {
        put("reason", value);
        return this;
    }

    public String getStatus() {
        return str("status");
    }

    public void setStatus(String value) {
        put("status", value);
    }

    public Status withStatus(String value) {
        put("status", value);
        return this;
    }
}
