package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code PodReadinessGate}, as a view of its JSON (see {@link JsonView}). */
public final class PodReadinessGate extends JsonView {

    public PodReadinessGate() {}

    public PodReadinessGate(Map<String, Object> json) {
        super(json);
    }

    public String getConditionType() {
        return str("conditionType");
    }
}
