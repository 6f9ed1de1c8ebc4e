package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Lease}, as a view of its JSON (see {@link JsonView}). */
public final class Lease extends JsonView {

    public Lease() {}

    public Lease(Map<String, Object> json) {
        super(json);
    }

    public Lease withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public Lease withKind(String value) {
        put("kind", value);
        return this;
    }

    public Lease withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }

    public LeaseSpec getSpec() {
        return obj("spec", LeaseSpec::new);
    }

    public Lease withSpec(LeaseSpec value) {
        put("spec", value);
        return this;
    }
}
