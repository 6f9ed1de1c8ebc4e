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

    public void setPodCIDR(String value) {
        put("podCIDR", value);
    }

    public NodeSpec withPodCIDR(String value) {
        put("podCIDR", value);
        return this;
    }

    public void setPodCIDRs(List<String> value) {
        put("podCIDRs", value);
    }

    public NodeSpec withPodCIDRs(List<String> value) {
        put("podCIDRs", value);
        return this;
    }

    public NodeSpec withProviderID(String value) {
        put("providerID", value);
        return this;
    }

    public List<Taint> getTaints() {
        return list("taints", Taint::new);
    }

    public NodeSpec withTaints(List<Taint> value) {
        put("taints", value);
        return this;
    }
}
