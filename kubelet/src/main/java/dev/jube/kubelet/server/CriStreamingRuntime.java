package dev.jube.kubelet.server;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.cri.v1.AttachRequest;
import dev.jube.kubelet.cri.v1.Container;
import dev.jube.kubelet.cri.v1.ContainerFilter;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ExecRequest;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.cri.v1.PodSandboxState;
import dev.jube.kubelet.cri.v1.PodSandboxStateValue;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StreamingRuntime} over CRI: a pod's sandboxes and containers are found by the labels the
 * kubelet puts on them (pod name, namespace, container name), and instances of one container are
 * ordered by their restart count annotation, then by creation time.
 */
public final class CriStreamingRuntime implements StreamingRuntime {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";

    private final CriClient cri;

    public CriStreamingRuntime(CriClient cri) {
        this.cri = cri;
    }

    @Override
    public Optional<ContainerInstance> container(String namespace, String pod, String container, boolean previous) {
        List<Container> instances = cri.listContainers(ContainerFilter.newBuilder()
                .putAllLabelSelector(Map.of(POD_NAMESPACE, namespace, POD_NAME, pod, CONTAINER_NAME, container))
                .build()).stream()
                .sorted(Comparator.comparingInt(CriStreamingRuntime::restartCount)
                        .thenComparingLong(Container::getCreatedAt).reversed())
                .toList();
        int index = previous ? 1 : 0;
        if (instances.size() <= index) {
            return Optional.empty();
        }
        Container c = instances.get(index);
        ContainerStatus status;
        try {
            status = cri.containerStatus(c.getId());
        } catch (CriException gone) {
            return Optional.empty();
        }
        if (previous && status.getState() == ContainerState.CONTAINER_RUNNING) {
            return Optional.empty();
        }
        return Optional.of(new ContainerInstance(c.getId(), Path.of(status.getLogPath()),
                status.getState() == ContainerState.CONTAINER_RUNNING, restartCount(c)));
    }

    private static int restartCount(Container c) {
        try {
            return Integer.parseInt(c.getAnnotationsOrDefault(RESTART_COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean running(String containerId) {
        try {
            return cri.containerStatus(containerId).getState() == ContainerState.CONTAINER_RUNNING;
        } catch (CriException gone) {
            return false;
        }
    }

    @Override
    public String exec(String containerId, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                       boolean tty) {
        return cri.exec(ExecRequest.newBuilder().setContainerId(containerId).addAllCmd(command).setStdin(stdin)
                .setStdout(stdout).setStderr(stderr).setTty(tty).build());
    }

    @Override
    public String attach(String containerId, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        return cri.attach(AttachRequest.newBuilder().setContainerId(containerId).setStdin(stdin).setStdout(stdout)
                .setStderr(stderr).setTty(tty).build());
    }

    @Override
    public Optional<String> sandbox(String namespace, String pod) {
        return cri.listPodSandboxes(PodSandboxFilter.newBuilder()
                        .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY))
                        .putAllLabelSelector(Map.of(POD_NAMESPACE, namespace, POD_NAME, pod)).build()).stream()
                .max(Comparator.comparingLong(PodSandbox::getCreatedAt))
                .map(PodSandbox::getId);
    }

    @Override
    public String portForward(String sandboxId, List<Integer> ports) {
        return cri.portForward(sandboxId, ports);
    }
}
