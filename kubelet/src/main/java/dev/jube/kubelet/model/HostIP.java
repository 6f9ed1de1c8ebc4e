package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code HostIP}, as a view of its JSON (see {@link JsonView}). */
public final class HostIP extends JsonView {

    public HostIP() {}

    public HostIP(Map<String, Object> json) {
        super(json);
    }

    public String getIp() {
        return str("ip");
    }

    public HostIP withIp(String value) {
        put("ip", value);
        return this;
    }
}
