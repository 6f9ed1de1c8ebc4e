package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ContainerImage}, as a view of its JSON (see {@link JsonView}). */
public final class ContainerImage extends JsonView {

    public ContainerImage() {}

    public ContainerImage(Map<String, Object> json) {
        super(json);
    }

    public ContainerImage withNames(List<String> value) {
        put("names", value);
        return this;
    }

    public ContainerImage withSizeBytes(Long value) {
        put("sizeBytes", value);
        return this;
    }
}
