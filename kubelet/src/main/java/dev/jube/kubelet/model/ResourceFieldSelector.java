package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.Map;

/** The API's {@code ResourceFieldSelector}, as a view of its JSON (see {@link JsonView}). */
public final class ResourceFieldSelector extends JsonView {

    public ResourceFieldSelector() {}

    public ResourceFieldSelector(Map<String, Object> json) {
        super(json);
    }

    public String getContainerName() {
        return str("containerName");
    }

    public Quantity getDivisor() {
        return quantity("divisor");
    }

    public String getResource() {
        return str("resource");
    }
}
