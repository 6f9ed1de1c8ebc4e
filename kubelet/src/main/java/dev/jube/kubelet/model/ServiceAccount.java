package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code ServiceAccount}, as a view of its JSON (see {@link JsonView}). */
public final class ServiceAccount extends JsonView {

    public ServiceAccount() {}

    public ServiceAccount(Map<String, Object> json) {
        super(json);
    }

    public ServiceAccount withApiVersion(String value) {
        put("apiVersion", value);
        return this;
    }

    public ServiceAccount withAutomountServiceAccountToken(Boolean value) {
        put("automountServiceAccountToken", value);
        return this;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return list("imagePullSecrets", LocalObjectReference::new);
    }

    public String getKind() {
        return str("kind");
    }

    public ServiceAccount withKind(String value) {
        put("kind", value);
        return this;
    }

    public ObjectMeta getMetadata() {
        return obj("metadata", ObjectMeta::new);
    }

    public void setMetadata(ObjectMeta value) {
        put("metadata", value);
    }

    public ServiceAccount withMetadata(ObjectMeta value) {
        put("metadata", value);
        return this;
    }
}
