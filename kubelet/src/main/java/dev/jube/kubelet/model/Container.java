package dev.jube.kubelet.model;

import java.util.List;
import java.util.Map;

/** The API's {@code Container}, as a view of its JSON (see {@link JsonView}). */
public final class Container extends JsonView {

    public Container() {}

    public Container(Map<String, Object> json) {
        super(json);
    }

    public List<String> getArgs() {
        return strings("args");
    }

    public List<String> getCommand() {
        return strings("command");
    }

    public List<EnvVar> getEnv() {
        return list("env", EnvVar::new);
    }

    public List<EnvFromSource> getEnvFrom() {
        return list("envFrom", EnvFromSource::new);
    }

    public String getImage() {
        return str("image");
    }

    public Container withImage(String value) {
        put("image", value);
        return this;
    }

    public String getImagePullPolicy() {
        return str("imagePullPolicy");
    }

    public Lifecycle getLifecycle() {
        return obj("lifecycle", Lifecycle::new);
    }

    public Probe getLivenessProbe() {
        return obj("livenessProbe", Probe::new);
    }

    public String getName() {
        return str("name");
    }

    public Container withName(String value) {
        put("name", value);
        return this;
    }

    public List<ContainerPort> getPorts() {
        return list("ports", ContainerPort::new);
    }

    public Probe getReadinessProbe() {
        return obj("readinessProbe", Probe::new);
    }

    public ResourceRequirements getResources() {
        return obj("resources", ResourceRequirements::new);
    }

    public String getRestartPolicy() {
        return str("restartPolicy");
    }

    public SecurityContext getSecurityContext() {
        return obj("securityContext", SecurityContext::new);
    }

    public Probe getStartupProbe() {
        return obj("startupProbe", Probe::new);
    }

    public Boolean getStdin() {
        return bool("stdin");
    }

    public Boolean getStdinOnce() {
        return bool("stdinOnce");
    }

    public String getTerminationMessagePath() {
        return str("terminationMessagePath");
    }

    public Boolean getTty() {
        return bool("tty");
    }

    public List<VolumeMount> getVolumeMounts() {
        return list("volumeMounts", VolumeMount::new);
    }

    public String getWorkingDir() {
        return str("workingDir");
    }
}
