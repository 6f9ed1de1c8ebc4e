package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code HostAlias}, as a view of its JSON (see {@link JsonView}). */
public final class HostAlias extends JsonView {

    public HostAlias() {}

    public HostAlias(Map<String, Object> json) {
        super(json);
    }

    public List<String> getHostnames() {
        return strings("hostnames");
    }

    public String getIp() {
        return str("ip");
    }
}
