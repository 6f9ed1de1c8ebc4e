package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code EnvFromSource}, as a view of its JSON (see {@link JsonView}). */
public final class EnvFromSource extends JsonView {

    public EnvFromSource() {}

    public EnvFromSource(Map<String, Object> json) {
        super(json);
    }

    public ConfigMapEnvSource getConfigMapRef() {
        return obj("configMapRef", ConfigMapEnvSource::new);
    }

    public String getPrefix() {
        return str("prefix");
    }

    public SecretEnvSource getSecretRef() {
        return obj("secretRef", SecretEnvSource::new);
    }
}
