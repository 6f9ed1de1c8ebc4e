package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PodIP}, as a view of its JSON (see {@link JsonView}). */
public final class PodIP extends JsonView {

    public PodIP() {}

    public PodIP(Map<String, Object> json) {
        super(json);
    }

    public String getIp() {
        return str("ip");
    }

    public PodIP withIp(String value) {
        put("ip", value);
        return this;
    }
}
