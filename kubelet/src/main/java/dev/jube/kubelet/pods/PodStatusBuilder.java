package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.ContainerStateRunning;
import dev.jube.kubelet.model.ContainerStateTerminated;
import dev.jube.kubelet.model.ContainerStateWaiting;
import dev.jube.kubelet.model.HostIP;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodCondition;
import dev.jube.kubelet.model.PodIP;
import dev.jube.kubelet.model.PodReadinessGate;
import dev.jube.kubelet.model.PodStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pod status a kubelet reports, built from what the runtime holds and what the worker decided. */
final class PodStatusBuilder {

    /** A container that is not running for a reason of ours (pulling, back-off, bad config). */
    record Waiting(String reason, String message) {}

    private static final Set<String> OURS = Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady",
            "Ready");

    private PodStatusBuilder() {}

    static PodStatus build(Pod pod, PodRuntime rt, Map<String, Waiting> waiting, ContainerProbes probes,
            String podIp, String hostIp, String startTime, String forcedPhase, boolean sandboxReady) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        List<dev.jube.kubelet.model.ContainerStatus> init = new ArrayList<>();
        boolean initialized = true;
        for (Container c : initContainers(pod)) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            var s = status(c, rt, waiting, probes, sidecar, initialized ? null : "PodInitializing");
            init.add(s);
            boolean done = sidecar ? s.getStarted() != null && s.getStarted()
                    : s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0;
            initialized &= done;
        }
        List<dev.jube.kubelet.model.ContainerStatus> regular = new ArrayList<>();
        int running = 0;
        int waitingCount = 0;
        int stopped = 0;
        int succeeded = 0;
        boolean allReady = true;
        for (Container c : pod.getSpec().getContainers()) {
            var s = status(c, rt, waiting, probes, false, initialized ? null : "PodInitializing");
            regular.add(s);
            allReady &= Boolean.TRUE.equals(s.getReady());
            var st = s.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                succeeded += st.getTerminated().getExitCode() == 0 ? 1 : 0;
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++;
                succeeded += s.getLastState().getTerminated().getExitCode() == 0 ? 1 : 0;
            } else {
                waitingCount++;
            }
        }
        String phase = forcedPhase != null ? forcedPhase
                : !initialized || waitingCount > 0 ? "Pending"
                : running > 0 ? "Running"
                : stopped == 0 ? "Pending"
                : switch (restartPolicy) {
                    case "Never" -> succeeded == stopped ? "Succeeded" : "Failed";
                    case "OnFailure" -> succeeded == stopped ? "Succeeded" : "Running";
                    default -> "Running";
                };
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        boolean containersReady = allReady && !terminal;
        boolean ready = containersReady && gatesPass(pod);
        String now = now();
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition c : old.getConditions()) {
            if (!OURS.contains(c.getType())) {
                conditions.add(c);
            }
        }
        String notReady = terminal ? "PodCompleted" : "ContainersNotReady";
        conditions.add(condition("PodReadyToStartContainers", sandboxReady && !terminal, null, null, now, old));
        conditions.add(condition("Initialized", initialized, terminal && initialized ? "PodCompleted"
                : "ContainersNotInitialized", unfinished(init, "containers with incomplete status"), now, old));
        conditions.add(condition("ContainersReady", containersReady, notReady,
                unready(regular, "containers with unready status"), now, old));
        conditions.add(condition("Ready", ready, containersReady ? "ReadinessGatesNotReady" : notReady,
                containersReady ? "the status of pod readiness gate is not \"True\""
                        : unready(regular, "containers with unready status"), now, old));
        return new PodStatus().withPhase(phase)
                .withHostIP(hostIp).withHostIPs(hostIp == null ? List.of() : List.of(new HostIP().withIp(hostIp)))
                .withPodIP(podIp).withPodIPs(podIp == null ? List.of() : List.of(new PodIP().withIp(podIp)))
                .withStartTime(old.getStartTime() != null ? old.getStartTime() : startTime)
                .withQosClass(QosClass.of(pod)).withNominatedNodeName(old.getNominatedNodeName())
                .withInitContainerStatuses(init).withContainerStatuses(regular).withConditions(conditions);
    }

    private static dev.jube.kubelet.model.ContainerStatus status(Container c, PodRuntime rt,
            Map<String, Waiting> waiting, ContainerProbes probes, boolean sidecar, String initializing) {
        ContainerStatus latest = rt.latest(c.getName());
        ContainerStatus previous = rt.previous(c.getName());
        dev.jube.kubelet.model.ContainerStatus b = new dev.jube.kubelet.model.ContainerStatus().withName(c.getName())
                .withImage(c.getImage())
                .withImageID("").withRestartCount(latest == null ? 0 : latest.getMetadata().getAttempt())
                .withReady(false).withStarted(false);
        Waiting w = waiting.get(c.getName());
        if (latest != null) {
            b.withContainerID("containerd://" + latest.getId()).withImageID(latest.getImageRef());
        }
        if (w != null && (latest == null || latest.getState() != ContainerState.CONTAINER_RUNNING)) {
            b.withState(waiting(w.reason(), w.message()));
            if (latest != null && latest.getState() == ContainerState.CONTAINER_EXITED) {
                b.withLastState(terminated(latest));
            }
            return b;
        }
        if (latest == null) {
            return b.withState(waiting(initializing != null ? initializing : "ContainerCreating", null));
        }
        switch (latest.getState()) {
            case CONTAINER_RUNNING -> {
                boolean started = probes.startupPassed(latest.getId());
                b.withStarted(started).withReady(started && probes.ready(latest.getId()))
                        .withState(new dev.jube.kubelet.model.ContainerState().withRunning(
                                new ContainerStateRunning().withStartedAt(time(latest.getStartedAt()))));
            }
            case CONTAINER_EXITED -> b.withState(terminated(latest));
            default -> b.withState(waiting("ContainerCreating", null));
        }
        if (previous != null && previous.getState() == ContainerState.CONTAINER_EXITED) {
            b.withLastState(terminated(previous));
        }
        if (sidecar && latest.getState() != ContainerState.CONTAINER_RUNNING) {
            b.withStarted(false);
        }
        return b;
    }

    private static dev.jube.kubelet.model.ContainerState waiting(String reason, String message) {
        return new dev.jube.kubelet.model.ContainerState().withWaiting(new ContainerStateWaiting().withReason(reason)
                .withMessage(message));
    }

    static dev.jube.kubelet.model.ContainerState terminated(ContainerStatus s) {
        String reason = !s.getReason().isEmpty() ? s.getReason() : s.getExitCode() == 0 ? "Completed" : "Error";
        return new dev.jube.kubelet.model.ContainerState().withTerminated(new ContainerStateTerminated()
                .withExitCode(s.getExitCode()).withReason(reason)
                .withMessage(s.getMessage().isEmpty() ? null : s.getMessage())
                .withStartedAt(time(s.getStartedAt())).withFinishedAt(time(s.getFinishedAt()))
                .withContainerID("containerd://" + s.getId()));
    }

    /** CRI times are nanoseconds since the epoch; Kubernetes writes whole seconds. */
    static String time(long nanos) {
        return nanos <= 0 ? null : Instant.ofEpochSecond(nanos / 1_000_000_000L).toString();
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String unready(List<dev.jube.kubelet.model.ContainerStatus> statuses, String what) {
        List<String> names = statuses.stream().filter(s -> !Boolean.TRUE.equals(s.getReady()))
                .map(dev.jube.kubelet.model.ContainerStatus::getName).toList();
        return names.isEmpty() ? null : what + ": [" + String.join(" ", names) + "]";
    }

    private static String unfinished(List<dev.jube.kubelet.model.ContainerStatus> statuses, String what) {
        List<String> names = statuses.stream().filter(s -> s.getState().getTerminated() == null
                        || s.getState().getTerminated().getExitCode() != 0)
                .map(dev.jube.kubelet.model.ContainerStatus::getName).toList();
        return names.isEmpty() ? null : what + ": [" + String.join(" ", names) + "]";
    }

    private static PodCondition condition(String type, boolean ok, String reason, String message, String now,
            PodStatus old) {
        String status = ok ? "True" : "False";
        String since = now;
        for (PodCondition c : old.getConditions()) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime();
            }
        }
        return new PodCondition().withType(type).withStatus(status).withReason(ok ? null : reason)
                .withMessage(ok ? null : message).withLastTransitionTime(since);
    }

    static boolean gatesPass(Pod pod) {
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates();
        if (gates == null || gates.isEmpty()) {
            return true;
        }
        List<PodCondition> conds = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        for (PodReadinessGate g : gates) {
            if (conds.stream().noneMatch(c -> g.getConditionType().equals(c.getType()) && "True".equals(c.getStatus()))) {
                return false;
            }
        }
        return true;
    }

    static List<Container> initContainers(Pod pod) {
        return pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
    }
}
