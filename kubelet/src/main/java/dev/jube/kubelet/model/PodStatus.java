package dev.jube.kubelet.model;

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

    public PodStatus withConditions(List<PodCondition> value) {
        put("conditions", value);
        return this;
    }

    public PodStatus withContainerStatuses(List<ContainerStatus> value) {
        put("containerStatuses", value);
        return this;
    }

    public String getHostIP() {
        return str("hostIP");
    }

    public PodStatus withHostIP(String value) {
        put("hostIP", value);
        return this;
    }

    public List<HostIP> getHostIPs() {
        return list("hostIPs", HostIP::new);
    }

    public PodStatus withHostIPs(List<HostIP> value) {
        put("hostIPs", value);
        return this;
    }

    public PodStatus withInitContainerStatuses(List<ContainerStatus> value) {
        put("initContainerStatuses", value);
        return this;
    }

    public String getNominatedNodeName() {
        return str("nominatedNodeName");
    }

    public PodStatus withNominatedNodeName(String value) {
        put("nominatedNodeName", value);
        return this;
    }

    public String getPhase() {
        return str("phase");
    }

    public PodStatus withPhase(String value) {
        put("phase", value);
        return this;
    }

    public String getPodIP() {
        return str("podIP");
    }

    public PodStatus withPodIP(String value) {
        put("podIP", value);
        return this;
    }

    public List<PodIP> getPodIPs() {
        return list("podIPs", PodIP::new);
    }

    public PodStatus withPodIPs(List<PodIP> value) {
        put("podIPs", value);
        return this;
    }

    public String getQosClass() {
        return str("qosClass");
    }

    public PodStatus withQosClass(String value) {
        put("qosClass", value);
        return this;
    }

    public String getStartTime() {
        return str("startTime");
    }

    public PodStatus withStartTime(String value) {
        put("startTime", value);
        return this;
    }
}
