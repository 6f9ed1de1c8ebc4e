package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code PodSpec}, as a view of its JSON (see {@link JsonView}). */
public final class PodSpec extends JsonView {

    public PodSpec() {}

    public PodSpec(Map<String, Object> json) {
        super(json);
    }

    public PodSpec withAutomountServiceAccountToken(Boolean value) {
        put("automountServiceAccountToken", value);
        return this;
    }

    public List<Container> getContainers() {
        return list("containers", Container::new);
    }

    public PodSpec withContainers(List<Container> value) {
        put("containers", value);
        return this;
    }

    public PodDNSConfig getDnsConfig() {
        return obj("dnsConfig", PodDNSConfig::new);
    }

    public String getDnsPolicy() {
        return str("dnsPolicy");
    }

    public Boolean getEnableServiceLinks() {
        return bool("enableServiceLinks");
    }

    public List<HostAlias> getHostAliases() {
        return list("hostAliases", HostAlias::new);
    }

    public Boolean getHostIPC() {
        return bool("hostIPC");
    }

    public Boolean getHostNetwork() {
        return bool("hostNetwork");
    }

    public Boolean getHostPID() {
        return bool("hostPID");
    }

    public String getHostname() {
        return str("hostname");
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return list("imagePullSecrets", LocalObjectReference::new);
    }

    public List<Container> getInitContainers() {
        return list("initContainers", Container::new);
    }

    public String getNodeName() {
        return str("nodeName");
    }

    public PodSpec withNodeName(String value) {
        put("nodeName", value);
        return this;
    }

    public List<PodReadinessGate> getReadinessGates() {
        return list("readinessGates", PodReadinessGate::new);
    }

    public String getRestartPolicy() {
        return str("restartPolicy");
    }

    public PodSecurityContext getSecurityContext() {
        return obj("securityContext", PodSecurityContext::new);
    }

    public String getServiceAccountName() {
        return str("serviceAccountName");
    }

    public Boolean getShareProcessNamespace() {
        return bool("shareProcessNamespace");
    }

    public Long getTerminationGracePeriodSeconds() {
        return lng("terminationGracePeriodSeconds");
    }

    public List<Volume> getVolumes() {
        return list("volumes", Volume::new);
    }
}
