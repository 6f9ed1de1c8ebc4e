package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PodDNSConfigOption}, as a view of its JSON (see {@link JsonView}). */
public final class PodDNSConfigOption extends JsonView {

    public PodDNSConfigOption() {}

    public PodDNSConfigOption(Map<String, Object> json) {
        super(json);
    }

    public String getName() {
        return str("name");
    }

    public String getValue() {
        return str("value");
    }
}
