package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code Volume}, as a view of its JSON (see {@link JsonView}). */
public final class Volume extends JsonView {

    public Volume() {}

    public Volume(Map<String, Object> json) {
        super(json);
    }

    public ConfigMapVolumeSource getConfigMap() {
        return obj("configMap", ConfigMapVolumeSource::new);
    }

    public DownwardAPIVolumeSource getDownwardAPI() {
        return obj("downwardAPI", DownwardAPIVolumeSource::new);
    }

    public EmptyDirVolumeSource getEmptyDir() {
        return obj("emptyDir", EmptyDirVolumeSource::new);
    }

    public HostPathVolumeSource getHostPath() {
        return obj("hostPath", HostPathVolumeSource::new);
    }

    public String getName() {
        return str("name");
    }

    public PersistentVolumeClaimVolumeSource getPersistentVolumeClaim() {
        return obj("persistentVolumeClaim", PersistentVolumeClaimVolumeSource::new);
    }

    public ProjectedVolumeSource getProjected() {
        return obj("projected", ProjectedVolumeSource::new);
    }

    public SecretVolumeSource getSecret() {
        return obj("secret", SecretVolumeSource::new);
    }
}
