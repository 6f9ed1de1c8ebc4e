package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
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

    public void setDnsConfig(PodDNSConfig value) {
        put("dnsConfig", value);
    }

    public String getDnsPolicy() {
        return str("dnsPolicy");
    }

    public Boolean getEnableServiceLinks() {
        return bool("enableServiceLinks");
    }

    public void setEnableServiceLinks(Boolean value) {
        put("enableServiceLinks", value);
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

    public void setHostname(String value) {
        put("hostname", value);
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

    public void setNodeName(String value) {
        put("nodeName", value);
    }

    public PodSpec withNodeName(String value) {
        put("nodeName", value);
        return this;
    }

    public PodSpec withPriority(Integer value) {
        put("priority", value);
        return this;
    }

    public PodSpec withPriorityClassName(String value) {
        put("priorityClassName", value);
        return this;
    }

    public List<PodReadinessGate> getReadinessGates() {
        return list("readinessGates", PodReadinessGate::new);
    }

    public ResourceRequirements getResources() {
        return obj("resources", ResourceRequirements::new);
    }

    public void setResources(ResourceRequirements value) {
        put("resources", value);
    }

    public PodSpec withResources(ResourceRequirements value) {
        put("resources", value);
        return this;
    }

    public String getRestartPolicy() {
        return str("restartPolicy");
    }

    public PodSpec withRestartPolicy(String value) {
        put("restartPolicy", value);
        return this;
    }

    public PodSpec withSchedulerName(String value) {
        put("schedulerName", value);
        return this;
    }

    public PodSecurityContext getSecurityContext() {
        return obj("securityContext", PodSecurityContext::new);
    }

    public void setSecurityContext(PodSecurityContext value) {
        put("securityContext", value);
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

    public PodSpec withTerminationGracePeriodSeconds(Long value) {
        put("terminationGracePeriodSeconds", value);
        return this;
    }

    public List<Volume> getVolumes() {
        return list("volumes", Volume::new);
    }
}
