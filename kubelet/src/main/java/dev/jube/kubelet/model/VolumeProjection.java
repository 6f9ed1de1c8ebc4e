package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code VolumeProjection}, as a view of its JSON (see {@link JsonView}). */
public final class VolumeProjection extends JsonView {

    public VolumeProjection() {}

    public VolumeProjection(Map<String, Object> json) {
        super(json);
    }

    public ConfigMapProjection getConfigMap() {
        return obj("configMap", ConfigMapProjection::new);
    }

    public DownwardAPIProjection getDownwardAPI() {
        return obj("downwardAPI", DownwardAPIProjection::new);
    }

    public SecretProjection getSecret() {
        return obj("secret", SecretProjection::new);
    }

    public ServiceAccountTokenProjection getServiceAccountToken() {
        return obj("serviceAccountToken", ServiceAccountTokenProjection::new);
    }
}
