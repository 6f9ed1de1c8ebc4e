package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.List;
import java.util.Map;

/** The API's {@code PodStatus}, as a view of its JSON (see {@link JsonView}). */
public final class PodStatus extends JsonView {

    public PodStatus() {}

    public PodStatus(Map<String, Object> json) {
        super(json);
    }

    public List<PodCondition> getConditions() {
        return list("conditions", PodCondition::new);
    }

    public void setConditions(List<PodCondition> value) {
        put("conditions", value);
    }

    public PodStatus withConditions(List<PodCondition> value) {
        put("conditions", value);
        return this;
    }

    public List<ContainerStatus> getContainerStatuses() {
        return list("containerStatuses", ContainerStatus::new);
    }

    public void setContainerStatuses(List<ContainerStatus> value) {
        put("containerStatuses", value);
    }

    public String getHostIP() {
        return str("hostIP");
    }

    public void setHostIP(String value) {
        put("hostIP", value);
    }

    public PodStatus withHostIP(String value) {
        put("hostIP", value);
        return this;
    }

    public List<HostIP> getHostIPs() {
        return list("hostIPs", HostIP::new);
    }

    public void setHostIPs(List<HostIP> value) {
        put("hostIPs", value);
    }

    public List<ContainerStatus> getInitContainerStatuses() {
        return list("initContainerStatuses", ContainerStatus::new);
    }

    public void setInitContainerStatuses(List<ContainerStatus> value) {
        put("initContainerStatuses", value);
    }

    public String getMessage() {
        return str("message");
    }

    public void setMessage(String value) {
        put("message", value);
    }

    public PodStatus withMessage(String value) {
        put("message", value);
        return this;
    }

    public String getNominatedNodeName() {
        return str("nominatedNodeName");
    }

    public void setNominatedNodeName(String value) {
        put("nominatedNodeName", value);
    }

    public String getPhase() {
        return str("phase");
    }

    public void setPhase(String value) {
        put("phase", value);
    }

    public PodStatus withPhase(String value) {
        put("phase", value);
        return this;
    }

    public String getPodIP() {
        return str("podIP");
    }

    public void setPodIP(String value) {
        put("podIP", value);
    }

    public PodStatus withPodIP(String value) {
        put("podIP", value);
        return this;
    }

    public List<PodIP> getPodIPs() {
        return list("podIPs", PodIP::new);
    }

    public void setPodIPs(List<PodIP> value) {
        put("podIPs", value);
    }

    public String getQosClass() {
        return str("qosClass");
    }

    public void setQosClass(String value) {
        put("qosClass", value);
    }

    public String getReason() {
        return str("reason");
    }

    public void setReason(String value) {
        put("reason", value);
    }

    public PodStatus withReason(String value) {
        put("reason", value);
        return this;
    }

    public ResourceRequirements getResources() {
        return obj("resources", ResourceRequirements::new);
    }

    public void setResources(ResourceRequirements value) {
        put("resources", value);
    }

    public PodStatus withResources(ResourceRequirements value) {
        put("resources", value);
        return this;
    }

    public String getStartTime() {
        return str("startTime");
    }

    public void setStartTime(String value) {
        put("startTime", value);
    }
}
