package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.Container;
import dev.jube.kubelet.cri.v1.ContainerFilter;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.cri.v1.PodSandboxState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the runtime holds for one pod right now: its sandboxes and each container's attempts, newest first. */
record PodRuntime(List<PodSandbox> sandboxes, Map<String, List<ContainerStatus>> attempts) {

    /**
     * Lists the pod's sandboxes and containers. A container's full status is asked for only when it
     * is new or its state moved since {@code known} recorded it: the status of a container that is
     * still running, or has exited, does not change (a pod synced every second would otherwise ask
     * for every container's status every second). {@code known} is updated to what was read.
     */
    static PodRuntime read(CriClient cri, String podUid, Map<String, ContainerStatus> known) {
        List<PodSandbox> sandboxes = new ArrayList<>(cri.listPodSandboxes(PodSandboxFilter.newBuilder()
                .putLabelSelector(CriLabels.POD_UID, podUid).build()));
        sandboxes.sort(Comparator.comparingLong(PodSandbox::getCreatedAt).reversed());
        Map<String, List<ContainerStatus>> attempts = new HashMap<>();
        Map<String, ContainerStatus> read = new HashMap<>();
        for (Container c : cri.listContainers(ContainerFilter.newBuilder()
                .putLabelSelector(CriLabels.POD_UID, podUid).build())) {
            ContainerStatus s = known.get(c.getId());
            if (s == null || s.getState() != c.getState() || c.getState() == ContainerState.CONTAINER_UNKNOWN) {
                s = cri.containerStatus(c.getId());
            }
            if (s != null) {
                read.put(c.getId(), s);
                attempts.computeIfAbsent(c.getMetadata().getName(), k -> new ArrayList<>()).add(s);
            }
        }
        known.clear();
        known.putAll(read);
        for (List<ContainerStatus> l : attempts.values()) {
            l.sort(Comparator.comparingInt((ContainerStatus s) -> s.getMetadata().getAttempt())
                    .thenComparingLong(ContainerStatus::getCreatedAt).reversed());
        }
        return new PodRuntime(sandboxes, attempts);
    }

    /** The newest sandbox, when it is still ready. */
    PodSandbox readySandbox() {
        return sandboxes.isEmpty() || sandboxes.get(0).getState() != PodSandboxState.SANDBOX_READY ? null
                : sandboxes.get(0);
    }

    ContainerStatus latest(String name) {
        List<ContainerStatus> l = attempts.get(name);
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    ContainerStatus previous(String name) {
        List<ContainerStatus> l = attempts.get(name);
        return l == null || l.size() < 2 ? null : l.get(1);
    }

    boolean anyRunning() {
        return attempts.values().stream().flatMap(List::stream)
                .anyMatch(s -> s.getState() == ContainerState.CONTAINER_RUNNING);
    }

    List<ContainerStatus> all() {
        return attempts.values().stream().flatMap(List::stream).toList();
    }
}
