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

    public SecurityContext withAllowPrivilegeEscalation(Boolean value) {
        put("allowPrivilegeEscalation", value);
        return this;
    }

    public Capabilities getCapabilities() {
        return obj("capabilities", Capabilities::new);
    }

    public void setCapabilities(Capabilities value) {
        put("capabilities", value);
    }

    public Boolean getPrivileged() {
        return bool("privileged");
    }

    public void setPrivileged(Boolean value) {
        put("privileged", value);
    }

    public Boolean getReadOnlyRootFilesystem() {
        return bool("readOnlyRootFilesystem");
    }

    public SecurityContext withReadOnlyRootFilesystem(Boolean value) {
        put("readOnlyRootFilesystem", value);
        return this;
    }

    public Long getRunAsGroup() {
        return lng("runAsGroup");
    }

    public void setRunAsGroup(Long value) {
        put("runAsGroup", value);
    }

    public SecurityContext withRunAsGroup(Long value) {
        put("runAsGroup", value);
        return this;
    }

    public Boolean getRunAsNonRoot() {
        return bool("runAsNonRoot");
    }

    public SecurityContext withRunAsNonRoot(Boolean value) {
        put("runAsNonRoot", value);
        return this;
    }

    public Long getRunAsUser() {
        return lng("runAsUser");
    }

    public void setRunAsUser(Long value) {
        put("runAsUser", value);
    }

    public SecurityContext withRunAsUser(Long value) {
        put("runAsUser", value);
        return this;
    }
}
