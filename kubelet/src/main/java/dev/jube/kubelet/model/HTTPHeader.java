package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code HTTPHeader}, as a view of its JSON (see {@link JsonView}). */
public final class HTTPHeader extends JsonView {

    public HTTPHeader() {}

    public HTTPHeader(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public String getValue() {
        return str("value");
    }
}
