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

    public Boolean getRunAsNonRoot() {
        return bool("runAsNonRoot");
    }

    public Long getRunAsUser() {
        return lng("runAsUser");
    }

    public List<Long> getSupplementalGroups() {
        return longs("supplementalGroups");
    }

    public List<Sysctl> getSysctls() {
        return list("sysctls", Sysctl::new);
    }
}
