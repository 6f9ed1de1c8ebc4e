package dev.jube.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pod statuses as a kubelet reports them, for containers that only pretend to run. */
final class PodStatuses {

    /** Set to "false" to make the pod's containers fail their readiness checks. */
    static final String READY_ANNOTATION = "hollow.jube.dev/ready";

    private static final Set<String> OURS = Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady",
            "Ready");

    private PodStatuses() {}

    /** What a running hollow container looks like, with its restart history. */
    record Run(String podIp, String hostIp, String startTime, String startedAt, int restartCount,
            ContainerState lastState) {}

    static PodStatus running(Pod pod, Run run) {
        boolean containersReady = !"false".equals(annotation(pod, READY_ANNOTATION));
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(base(pod, c, run.restartCount)
                    .withReady(containersReady).withStarted(true)
                    .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(run.startedAt).endRunning()
                            .build())
                    .withLastState(run.lastState == null ? new ContainerState() : run.lastState)
                    .build());
        }
        boolean ready = containersReady && gatesPass(pod);
        PodStatus s = common(pod, run, "Running");
        s.setContainerStatuses(statuses);
        s.setInitContainerStatuses(initStatuses(pod, run));
        s.setConditions(conditions(pod, run.startTime, containersReady ? "True" : "False",
                containersReady ? null : "ContainersNotReady", ready ? "True" : "False",
                ready ? null : containersReady ? "ReadinessGatesNotReady" : "ContainersNotReady"));
        return s;
    }

    /** Every container ended with {@code exitCode}; the phase says whether the pod is done. */
    static PodStatus terminated(Pod pod, Run run, String phase, int exitCode, String finishedAt) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(base(pod, c, run.restartCount)
                    .withReady(false).withStarted(false)
                    .withState(terminatedState(exitCode, run.startedAt, finishedAt, pod, c))
                    .withLastState(run.lastState == null ? new ContainerState() : run.lastState)
                    .build());
        }
        PodStatus s = common(pod, run, phase);
        s.setContainerStatuses(statuses);
        s.setInitContainerStatuses(initStatuses(pod, run));
        String reason = "Succeeded".equals(phase) || "Failed".equals(phase) ? "PodCompleted" : "ContainersNotReady";
        s.setConditions(conditions(pod, run.startTime, "False", reason, "False", reason));
        return s;
    }

    static ContainerState terminatedState(int exitCode, String startedAt, String finishedAt, Pod pod, Container c) {
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                .withStartedAt(startedAt).withFinishedAt(finishedAt)
                .withContainerID(containerId(pod, c.getName(), 0))
                .endTerminated().build();
    }

    private static PodStatus common(Pod pod, Run run, String phase) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus s = new PodStatus();
        s.setPhase(phase);
        s.setHostIP(run.hostIp);
        s.setHostIPs(List.of(new HostIP(run.hostIp)));
        s.setPodIP(run.podIp);
        s.setPodIPs(run.podIp == null ? List.of() : List.of(new PodIP(run.podIp)));
        s.setStartTime(run.startTime);
        s.setQosClass(old.getQosClass() != null ? old.getQosClass() : qosClass(pod));
        s.setNominatedNodeName(old.getNominatedNodeName());
        return s;
    }

    private static List<ContainerStatus> initStatuses(Pod pod, Run run) {
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            ContainerStatusBuilder b = base(pod, c, 0);
            if (sidecar) {
                b.withReady(true).withStarted(true).withState(new ContainerStateBuilder().withNewRunning()
                        .withStartedAt(run.startTime).endRunning().build());
            } else {
                b.withReady(true).withStarted(false)
                        .withState(terminatedState(0, run.startTime, run.startTime, pod, c));
            }
            out.add(b.build());
        }
        return out;
    }

    private static ContainerStatusBuilder base(Pod pod, Container c, int restartCount) {
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID(imageId(c.getImage()))
                .withContainerID(containerId(pod, c.getName(), restartCount))
                .withRestartCount(restartCount);
    }

    /** Keeps conditions others own (PodScheduled, readiness gates) and sets the kubelet's own. */
    private static List<PodCondition> conditions(Pod pod, String startTime, String containersReady,
            String containersReason, String ready, String readyReason) {
        List<PodCondition> out = new ArrayList<>();
        List<PodCondition> old = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        boolean scheduled = false;
        for (PodCondition c : old) {
            if (!OURS.contains(c.getType())) {
                out.add(c);
                scheduled |= "PodScheduled".equals(c.getType());
            }
        }
        if (!scheduled) {
            out.add(condition("PodScheduled", "True", null, startTime, old));
        }
        out.add(condition("PodReadyToStartContainers", "True", null, startTime, old));
        out.add(condition("Initialized", "True", null, startTime, old));
        out.add(condition("ContainersReady", containersReady, containersReason, startTime, old));
        out.add(condition("Ready", ready, readyReason, startTime, old));
        return out;
    }

    private static PodCondition condition(String type, String status, String reason, String now,
            List<PodCondition> old) {
        String since = now;
        for (PodCondition c : old) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime();
            }
        }
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setLastTransitionTime(since);
        c.setLastProbeTime(null);
        return c;
    }

    static boolean gatesPass(Pod pod) {
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates();
        if (gates == null || gates.isEmpty()) {
            return true;
        }
        List<PodCondition> conds = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        for (PodReadinessGate g : gates) {
            boolean ok = conds.stream().anyMatch(c -> g.getConditionType().equals(c.getType())
                    && "True".equals(c.getStatus()));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Upstream's QoS rule: Guaranteed when every container limits cpu and memory at its requests. */
    static String qosClass(Pod pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        all.addAll(pod.getSpec().getInitContainers());
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : all) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            any |= !req.isEmpty() || !lim.isEmpty();
            for (String res : List.of("cpu", "memory")) {
                Quantity l = lim.get(res);
                Quantity q = req.getOrDefault(res, l);
                if (l == null || q.getNumericalAmount().compareTo(l.getNumericalAmount()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static String annotation(Pod pod, String key) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    static String imageId(String image) {
        return image + "@sha256:" + sha256(image);
    }

    static String containerId(Pod pod, String container, int restart) {
        return "hollow://" + sha256(pod.getMetadata().getUid() + "/" + container + "/" + restart);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
