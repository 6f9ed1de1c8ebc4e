package dev.jube.kubelet.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet server needs from the container runtime: finding a pod's containers and
 * sandbox, and the runtime's streaming URLs for exec, attach and port-forward.
 */
public interface StreamingRuntime {

    /** One container instance of a pod, as the runtime reports it. */
    record ContainerInstance(String id, Path logPath, boolean running, int restartCount) {}

    /**
     * The current instance of a pod's container ({@code previous} false), or the one before it
     * ({@code previous} true); empty when there is none.
     */
    Optional<ContainerInstance> container(String namespace, String pod, String container, boolean previous);

    /** Whether the container is still running (log follow stops when it is not). */
    boolean running(String containerId);

    /** The runtime's streaming URL for running {@code command} in the container. */
    String exec(String containerId, List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty);

    /** The runtime's streaming URL for attaching to the container's main process. */
    String attach(String containerId, boolean stdin, boolean stdout, boolean stderr, boolean tty);

    /** The id of the pod's ready sandbox, or empty. */
    Optional<String> sandbox(String namespace, String pod);

    /** The runtime's streaming URL for forwarding ports of the sandbox. */
    String portForward(String sandboxId, List<Integer> ports);
}
