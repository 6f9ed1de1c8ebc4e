package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import java.time.Duration;

/** The postStart and preStop lifecycle hooks. */
public interface ContainerHooks {

    /** Runs the postStart hook; a failure message makes the worker kill the container, as upstream does. */
    void postStart(Pod pod, Container spec, String containerId, String podIp) throws ContainerConfigException;

    /** Runs the preStop hook within {@code budget}; what is left of the grace period then goes to SIGTERM. */
    void preStop(Pod pod, Container spec, String containerId, String podIp, Duration budget);

    static ContainerHooks none() {
        return new ContainerHooks() {
            @Override
            public void postStart(Pod pod, Container spec, String containerId, String podIp) {}

            @Override
            public void preStop(Pod pod, Container spec, String containerId, String podIp, Duration budget) {}
        };
    }
}
