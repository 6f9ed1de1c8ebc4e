package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code EnvVarSource}, as a view of its JSON (see {@link JsonView}). */
public final class EnvVarSource extends JsonView {

    public EnvVarSource() {}

    public EnvVarSource(Map<String, Object> json) {
        super(json);
    }

    public ConfigMapKeySelector getConfigMapKeyRef() {
        return obj("configMapKeyRef", ConfigMapKeySelector::new);
    }

    public ObjectFieldSelector getFieldRef() {
        return obj("fieldRef", ObjectFieldSelector::new);
    }

    public ResourceFieldSelector getResourceFieldRef() {
        return obj("resourceFieldRef", ResourceFieldSelector::new);
    }

    public SecretKeySelector getSecretKeyRef() {
        return obj("secretKeyRef", SecretKeySelector::new);
    }
}
