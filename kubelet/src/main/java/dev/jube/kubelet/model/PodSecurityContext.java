package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code PodSecurityContext}, as a view of its JSON (see {@link JsonView}). */
public final class PodSecurityContext extends JsonView {

    public PodSecurityContext() {}

    public PodSecurityContext(Map<String, Object> json) {
        super(json);
    }

    public Long getFsGroup() {
        return lng("fsGroup");
    }

    public Long getRunAsGroup() {
        return lng("runAsGroup");
    }

    public void setRunAsGroup(Long value) {
        put("runAsGroup", value);
    }

    public PodSecurityContext withRunAsGroup(Long value) {
        put("runAsGroup", value);
        return this;
    }

    public Boolean getRunAsNonRoot() {
        return bool("runAsNonRoot");
    }

    public PodSecurityContext withRunAsNonRoot(Boolean value) {
        put("runAsNonRoot", value);
        return this;
    }

    public Long getRunAsUser() {
        return lng("runAsUser");
    }

    public void setRunAsUser(Long value) {
        put("runAsUser", value);
    }

    public PodSecurityContext withRunAsUser(Long value) {
        put("runAsUser", value);
        return this;
    }

    public List<Long> getSupplementalGroups() {
        return longs("supplementalGroups");
    }

    public List<Sysctl> getSysctls() {
        return list("sysctls", Sysctl::new);
    }
}
