package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code NodeDaemonEndpoints}, as a view of its JSON (see {@link JsonView}). */
public final class NodeDaemonEndpoints extends JsonView {

    public NodeDaemonEndpoints() {}

    public NodeDaemonEndpoints(Map<String, Object> json) {
        super(json);
    }

    public NodeDaemonEndpoints withKubeletEndpoint(DaemonEndpoint value) {
        put("kubeletEndpoint", value);
        return this;
    }
}
