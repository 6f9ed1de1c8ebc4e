package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code NodeSpec}, as a view of its JSON (see {@link JsonView}). */
public final class NodeSpec extends JsonView {

    public NodeSpec() {}

    public NodeSpec(Map<String, Object> json) {
        super(json);
    }

    public String getPodCIDR() {
        return str("podCIDR");
    }

    public NodeSpec withPodCIDR(String value) {
        put("podCIDR", value);
        return this;
    }

    public NodeSpec withPodCIDRs(List<String> value) {
        put("podCIDRs", value);
        return this;
    }
}
