package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;

/**
 * Probing of running containers. The pod worker tells it when containers start and stop and
 * asks it for readiness; a failed liveness probe stops the container, and the worker's next
 * sync restarts it as its restart policy says.
 */
public interface ContainerProbes {

    void started(Pod pod, Container spec, String containerId, String podIp);

    void stopped(String containerId);

    /** The readiness probe's verdict; true for containers without one. */
    boolean ready(String containerId);

    /** Whether the startup probe has passed; true for containers without one. */
    boolean startupPassed(String containerId);

    /** No probes: running containers are ready and started. */
    static ContainerProbes none() {
        return new ContainerProbes() {
            @Override
            public void started(Pod pod, Container spec, String containerId, String podIp) {}

            @Override
            public void stopped(String containerId) {}

            @Override
            public boolean ready(String containerId) {
                return true;
            }

            @Override
            public boolean startupPassed(String containerId) {
                return true;
            }
        };
    }
}
