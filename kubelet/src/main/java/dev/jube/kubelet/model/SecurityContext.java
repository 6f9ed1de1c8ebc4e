package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code SecurityContext}, as a view of its JSON (see {@link JsonView}). */
public final class SecurityContext extends JsonView {

    public SecurityContext() {}

    public SecurityContext(Map<String, Object> json) {
        super(json);
    }

    public Boolean getAllowPrivilegeEscalation() {
        return bool("allowPrivilegeEscalation");
    }

    public Capabilities getCapabilities() {
        return obj("capabilities", Capabilities::new);
    }

    public Boolean getPrivileged() {
        return bool("privileged");
    }

    public Boolean getReadOnlyRootFilesystem() {
        return bool("readOnlyRootFilesystem");
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
}
