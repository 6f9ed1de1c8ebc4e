package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code SecretVolumeSource}, as a view of its JSON (see {@link JsonView}). */
public final class SecretVolumeSource extends JsonView {

    public SecretVolumeSource() {}

    public SecretVolumeSource(Map<String, Object> json) {
        super(json);
    }

    public Integer getDefaultMode() {
        return integer("defaultMode");
    }

    public List<KeyToPath> getItems() {
        return list("items", KeyToPath::new);
    }

    public Boolean getOptional() {
        return bool("optional");
    }

    public String getSecretName() {
        return str("secretName");
    }
}
