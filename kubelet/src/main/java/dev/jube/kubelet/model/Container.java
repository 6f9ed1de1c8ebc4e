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

    public Container withCommand(List<String> value) {
        put("command", value);
        return this;
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

    public void setImage(String value) {
        put("image", value);
    }

    public Container withImage(String value) {
        put("image", value);
        return this;
    }

    public String getImagePullPolicy() {
        return str("imagePullPolicy");
    }

    public Container withImagePullPolicy(String value) {
        put("imagePullPolicy", value);
        return this;
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

    public void setName(String value) {
        put("name", value);
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

    public void setResources(ResourceRequirements value) {
        put("resources", value);
    }

    public Container withResources(ResourceRequirements value) {
        put("resources", value);
        return this;
    }

    public String getRestartPolicy() {
        return str("restartPolicy");
    }

    public Container withRestartPolicy(String value) {
        put("restartPolicy", value);
        return this;
    }

    public SecurityContext getSecurityContext() {
        return obj("securityContext", SecurityContext::new);
    }

    public void setSecurityContext(SecurityContext value) {
        put("securityContext", value);
    }

    public Probe getStartupProbe() {
        return obj("startupProbe", Probe::new);
    }

    public Boolean getStdin() {
        return bool("stdin");
    }

    public void setStdin(Boolean value) {
        put("stdin", value);
    }

    public Boolean getStdinOnce() {
        return bool("stdinOnce");
    }

    public void setStdinOnce(Boolean value) {
        put("stdinOnce", value);
    }

    public String getTerminationMessagePath() {
        return str("terminationMessagePath");
    }

    public Boolean getTty() {
        return bool("tty");
    }

    public void setTty(Boolean value) {
        put("tty", value);
    }

    public List<VolumeMount> getVolumeMounts() {
        return list("volumeMounts", VolumeMount::new);
    }

    public String getWorkingDir() {
        return str("workingDir");
    }

    public void setWorkingDir(String value) {
        put("workingDir", value);
    }
}
