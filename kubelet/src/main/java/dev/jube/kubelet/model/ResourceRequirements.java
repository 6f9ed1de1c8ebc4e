package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.Map;

/** The API's {@code ResourceRequirements}, as a view of its JSON (see {@link JsonView}). */
public final class ResourceRequirements extends JsonView {

    public ResourceRequirements() {}

    public ResourceRequirements(Map<String, Object> json) {
        super(json);
    }

    public Map<String, Quantity> getLimits() {
        return quantities("limits");
    }

    public Map<String, Quantity> getRequests() {
        return quantities("requests");
    }
}
