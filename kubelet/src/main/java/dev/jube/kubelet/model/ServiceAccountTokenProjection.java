package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code ServiceAccountTokenProjection}, as a view of its JSON (see {@link JsonView}). */
public final class ServiceAccountTokenProjection extends JsonView {

    public ServiceAccountTokenProjection() {}

    public ServiceAccountTokenProjection(Map<String, Object> json) {
        super(json);
    }

    public String getAudience() {
        return str("audience");
    }

    public Long getExpirationSeconds() {
        return lng("expirationSeconds");
    }

    public String getPath() {
        return str("path");
    }
}
