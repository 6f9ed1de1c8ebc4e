package dev.jube.kubelet.model;

import java.util.Map;

/** The API's {@code NodeSystemInfo}, as a view of its JSON (see {@link JsonView}). */
public final class NodeSystemInfo extends JsonView {

    public NodeSystemInfo() {}

    public NodeSystemInfo(Map<String, Object> json) {
        super(json);
    }

    public String getArchitecture() {
        return str("architecture");
    }

    public NodeSystemInfo withArchitecture(String value) {
        put("architecture", value);
        return this;
    }

    public NodeSystemInfo withBootID(String value) {
        put("bootID", value);
        return this;
    }

    public NodeSystemInfo withContainerRuntimeVersion(String value) {
        put("containerRuntimeVersion", value);
        return this;
    }

    public NodeSystemInfo withKernelVersion(String value) {
        put("kernelVersion", value);
        return this;
    }

    public NodeSystemInfo withKubeProxyVersion(String value) {
        put("kubeProxyVersion", value);
        return this;
    }

    public NodeSystemInfo withKubeletVersion(String value) {
        put("kubeletVersion", value);
        return this;
    }

    public NodeSystemInfo withMachineID(String value) {
        put("machineID", value);
        return this;
    }

    public NodeSystemInfo withOperatingSystem(String value) {
        put("operatingSystem", value);
        return this;
    }

    public NodeSystemInfo withOsImage(String value) {
        put("osImage", value);
        return this;
    }

    public NodeSystemInfo withSystemUUID(String value) {
        put("systemUUID", value);
        return this;
    }
}
