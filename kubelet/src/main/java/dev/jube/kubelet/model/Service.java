package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Service}, as a view of its JSON (see {@link JsonView}). */
public final class Service extends JsonView {

    public Service() {}

    public Service(Map<String, Object> json) {
        super(json);
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public ServiceSpec getSpec() {
        return obj("spec", ServiceSpec::new);
    }
}
