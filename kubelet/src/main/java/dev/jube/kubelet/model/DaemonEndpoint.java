package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code DaemonEndpoint}, as a view of its JSON (see {@link JsonView}). */
public final class DaemonEndpoint extends JsonView {

    public DaemonEndpoint() {}

    public DaemonEndpoint(Map<String, Object> json) {
        super(json);
    }

    public DaemonEndpoint withPort(Integer value) {
        put("Port", value);
        return this;
    }
}
