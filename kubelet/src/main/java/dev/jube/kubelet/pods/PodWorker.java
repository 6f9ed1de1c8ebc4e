package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.Image;
import dev.jube.kubelet.cri.v1.Mount;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.pods.PodStatusBuilder.Waiting;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one pod's containers in line with its spec, one sync at a time: sandbox, init containers
 * in order, then the regular containers with restarts and back-off; on deletion it stops them
 * gracefully and removes what the pod left behind. Every sync ends by reporting the status.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);

    /** What the worker decided last sync and the API object it reported to. */
    private final PodAgentContext ctx;
    private final String uid;
    /** The last status read of each of the pod's containers, by id (see PodRuntime.read). */
    private final Map<String, ContainerStatus> knownStatuses = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private PodStatus lastReported;
    private String podIp;
    private String startTime;
    private String forcedPhase;
    private Map<String, Path> volumes;
    private boolean cleaned;
    /** The pod's containers were stopped for good after it finished. */
    private boolean finished;
    /** This sync created or started something, so what it read of the runtime is out of date. */
    private boolean acted;
    private Instant nextVolumeRefresh = Instant.now().plus(VOLUME_REFRESH);

    /** How soon volume updates reach running pods (upstream: within about a minute). */
    private static final Duration VOLUME_REFRESH = Duration.ofSeconds(5);

    PodWorker(PodAgentContext ctx, String uid) {
        this.ctx = ctx;
        this.uid = uid;
    }

    /** The runtime's view of this pod, container statuses re-read only where their state moved. */
    private PodRuntime runtime() {
        return PodRuntime.read(ctx.cri(), uid, knownStatuses);
    }

    /**
     * One pass. {@code pod} is the latest object from the API, or null once it is gone there.
     * Returns true when the pod is fully torn down and the worker can be dropped.
     */
    boolean sync(Pod pod) {
        if (pod == null) {
            teardown(null, Duration.ZERO);
            return true;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            teardown(pod, Duration.ofSeconds(grace == null ? 30 : grace));
            ctx.finishDeletion(pod);
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            // A finished pod never runs again; its containers stay for their logs until it is deleted.
            if (!finished) {
                stopAll(pod, runtime(), Duration.ZERO);
                finished = true;
            }
            return false;
        }
        PodRuntime rt = runtime();
        acted = false;
        if (forcedPhase == null) {
            syncContainers(pod, rt);
            refreshVolumes(pod);
        }
        // The runtime is read again only when this sync changed it.
        report(pod, acted ? runtime() : rt);
        return false;
    }

    private void syncContainers(Pod pod, PodRuntime rt) {
        PodSandbox sandbox = rt.readySandbox();
        int attempt = sandbox != null ? sandbox.getMetadata().getAttempt() : rt.sandboxes().isEmpty() ? 0
                : rt.sandboxes().get(0).getMetadata().getAttempt() + 1;
        // Built only when something is created: most syncs of a running pod create nothing.
        Supplier<PodSandboxConfig> sandboxConfig = new Supplier<>() {
            private PodSandboxConfig built;

            @Override
            public PodSandboxConfig get() {
                if (built == null) {
                    built = ctx.sandboxes().build(pod, attempt);
                }
                return built;
            }
        };
        if (sandbox == null) {
            boolean ranBefore = !rt.sandboxes().isEmpty();
            if (ranBefore) {
                stopAll(pod, rt, Duration.ZERO);
                acted = true;
                if ("Never".equals(pod.getSpec().getRestartPolicy()) && !rt.all().isEmpty()) {
                    forcedPhase = "Failed";
                    return;
                }
            }
            try {
                volumes = ctx.volumes().prepare(pod);
                ctx.writeHosts(pod, null);
                acted = true;
                String id = ctx.cri().runPodSandbox(sandboxConfig.get());
                podIp = ctx.cri().podSandboxIp(id);
                ctx.writeHosts(pod, podIp);
                startTime = PodStatusBuilder.now();
                ctx.events().normal(pod, "SandboxReady", "Pod sandbox is ready");
            } catch (ContainerConfigException e) {
                ctx.events().warning(pod, "FailedMount", e.getMessage());
                return;
            } catch (CriException e) {
                ctx.events().warning(pod, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
                return;
            }
            rt = runtime();
            sandbox = rt.readySandbox();
            if (sandbox == null) {
                return;
            }
        } else if (podIp == null) {
            podIp = ctx.cri().podSandboxIp(sandbox.getId());
            if (volumes == null) {
                try {
                    volumes = ctx.volumes().prepare(pod);
                } catch (ContainerConfigException e) {
                    ctx.events().warning(pod, "FailedMount", e.getMessage());
                    return;
                }
            }
        }
        String restartPolicy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
        for (Container c : PodStatusBuilder.initContainers(pod)) {
            boolean sidecar = "Always".equals(c.getRestartPolicy());
            ContainerStatus latest = rt.latest(c.getName());
            if (latest == null) {
                start(pod, c, 0, sandbox.getId(), sandboxConfig.get());
                return;
            }
            if (latest.getState() == ContainerState.CONTAINER_RUNNING) {
                if (sidecar && ctx.probes().startupPassed(latest.getId())) {
                    continue;
                }
                return;
            }
            if (latest.getState() == ContainerState.CONTAINER_CREATED) {
                startCreated(pod, c, latest);
                return;
            }
            if (!sidecar && latest.getExitCode() == 0) {
                continue;
            }
            if (!sidecar && "Never".equals(restartPolicy)) {
                forcedPhase = "Failed";
                return;
            }
            restart(pod, c, latest, sandbox.getId(), sandboxConfig);
            return;
        }
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus latest = rt.latest(c.getName());
            if (latest == null) {
                start(pod, c, 0, sandbox.getId(), sandboxConfig.get());
            } else if (latest.getState() == ContainerState.CONTAINER_CREATED) {
                startCreated(pod, c, latest);
            } else if (latest.getState() == ContainerState.CONTAINER_EXITED) {
                boolean again = switch (restartPolicy) {
                    case "Never" -> false;
                    case "OnFailure" -> latest.getExitCode() != 0;
                    default -> true;
                };
                if (again) {
                    restart(pod, c, latest, sandbox.getId(), sandboxConfig);
                } else {
                    waiting.remove(c.getName());
                }
            } else {
                waiting.remove(c.getName());
            }
        }
    }

    /** ConfigMap, Secret, downward API and token files follow their sources while the pod runs. */
    private void refreshVolumes(Pod pod) {
        if (volumes == null || Instant.now().isBefore(nextVolumeRefresh)) {
            return;
        }
        nextVolumeRefresh = Instant.now().plus(VOLUME_REFRESH);
        try {
            volumes = ctx.volumes().prepare(pod);
        } catch (ContainerConfigException | RuntimeException e) {
            LOG.debug("volumes of pod {} not refreshed: {}", uid, e.getMessage());
        }
    }

    private void restart(Pod pod, Container c, ContainerStatus latest, String sandboxId,
            Supplier<PodSandboxConfig> config) {
        String key = uid + "/" + c.getName();
        Instant finished = Instant.ofEpochSecond(0, latest.getFinishedAt());
        if (ctx.backOff().inBackOff(key, finished)) {
            Duration d = ctx.backOff().delay(key);
            waiting.put(c.getName(), new Waiting("CrashLoopBackOff", "back-off " + d.toSeconds()
                    + "s restarting failed container=" + c.getName() + " pod=" + pod.getMetadata().getName() + "_"
                    + pod.getMetadata().getNamespace() + "(" + uid + ")"));
            return;
        }
        ctx.backOff().restarted(key);
        ctx.probes().stopped(latest.getId());
        if (start(pod, c, latest.getMetadata().getAttempt() + 1, sandboxId, config.get())) {
            removeOlderThanPrevious(c.getName());
        }
    }

    private boolean start(Pod pod, Container c, int attempt, String sandboxId, PodSandboxConfig sandboxConfig) {
        Image image;
        try {
            image = ctx.images().ensure(pod, c, sandboxConfig);
        } catch (ImagePulls.PullFailed e) {
            waiting.put(c.getName(), new Waiting(e.reason, e.getMessage()));
            ctx.events().warning(pod, "ErrImagePull".equals(e.reason) ? "Failed" : "BackOff", e.getMessage(), c);
            return false;
        }
        String id;
        try {
            Map<String, String> env = ctx.env().resolve(pod, c);
            List<Mount> mounts = new ArrayList<>(ctx.volumes().mounts(c, volumes == null ? Map.of() : volumes));
            mounts.addAll(ctx.podMounts(pod, c));
            ContainerConfig config = ContainerConfigs.build(pod, c, attempt, env, mounts,
                    new ContainerConfigs.ImageUser(image.hasUid() ? image.getUid().getValue() : null,
                            image.getUsername()), ctx.nodeMemoryBytes());
            acted = true;
            id = ctx.cri().createContainer(sandboxId, config, sandboxConfig);
        } catch (ContainerConfigException e) {
            waiting.put(c.getName(), new Waiting("CreateContainerConfigError", e.getMessage()));
            ctx.events().warning(pod, "Failed", "Error: " + e.getMessage(), c);
            return false;
        } catch (CriException e) {
            waiting.put(c.getName(), new Waiting("CreateContainerError", e.getMessage()));
            ctx.events().warning(pod, "Failed", "Error: " + e.getMessage(), c);
            return false;
        }
        ctx.events().normal(pod, "Created", "Created container " + c.getName(), c);
        return startCreated(pod, c, id);
    }

    private boolean startCreated(Pod pod, Container c, ContainerStatus created) {
        return startCreated(pod, c, created.getId());
    }

    private boolean startCreated(Pod pod, Container c, String id) {
        acted = true;
        try {
            ctx.cri().startContainer(id);
        } catch (CriException e) {
            waiting.put(c.getName(), new Waiting("RunContainerError", e.getMessage()));
            ctx.events().warning(pod, "Failed", "Error: " + e.getMessage(), c);
            return false;
        }
        waiting.remove(c.getName());
        ctx.events().normal(pod, "Started", "Started container " + c.getName(), c);
        ctx.probes().started(pod, c, id, podIp);
        try {
            ctx.hooks().postStart(pod, c, id, podIp);
        } catch (ContainerConfigException e) {
            ctx.events().warning(pod, "FailedPostStartHook", e.getMessage(), c);
            ctx.cri().stopContainer(id, 0);
        }
        return true;
    }

    /** Keeps the newest two attempts of a container (the running one and the previous, for --previous logs). */
    private void removeOlderThanPrevious(String name) {
        List<ContainerStatus> attempts = runtime().attempts().getOrDefault(name, List.of());
        for (int i = 2; i < attempts.size(); i++) {
            try {
                ctx.cri().removeContainer(attempts.get(i).getId());
            } catch (CriException e) {
                LOG.debug("cannot remove old container {}: {}", attempts.get(i).getId(), e.getMessage());
            }
        }
    }

    /** Stops every running container: preStop hooks, then SIGTERM, then SIGKILL when the grace runs out. */
    private void stopAll(Pod pod, PodRuntime rt, Duration grace) {
        List<Thread> stops = new ArrayList<>();
        for (ContainerStatus s : rt.all()) {
            if (s.getState() != ContainerState.CONTAINER_RUNNING && s.getState() != ContainerState.CONTAINER_CREATED) {
                continue;
            }
            Container spec = pod == null ? null : spec(pod, s.getMetadata().getName());
            stops.add(Thread.ofVirtual().start(() -> {
                Instant deadline = Instant.now().plus(grace);
                if (spec != null && !grace.isZero()) {
                    ctx.hooks().preStop(pod, spec, s.getId(), podIp, grace);
                }
                long left = Math.max(grace.isZero() ? 0 : 2, Duration.between(Instant.now(), deadline).toSeconds());
                try {
                    ctx.cri().stopContainer(s.getId(), left);
                } catch (CriException e) {
                    LOG.debug("cannot stop container {}: {}", s.getId(), e.getMessage());
                }
                ctx.probes().stopped(s.getId());
            }));
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (PodSandbox sb : rt.sandboxes()) {
            try {
                ctx.cri().stopPodSandbox(sb.getId());
            } catch (CriException e) {
                LOG.debug("cannot stop sandbox {}: {}", sb.getId(), e.getMessage());
            }
        }
    }

    /** Stops and removes everything of the pod; {@code pod} is null when the API object is already gone. */
    private void teardown(Pod pod, Duration grace) {
        if (cleaned) {
            return;
        }
        PodRuntime rt = runtime();
        stopAll(pod, rt, grace);
        for (PodSandbox sb : rt.sandboxes()) {
            try {
                ctx.cri().removePodSandbox(sb.getId());
            } catch (CriException e) {
                LOG.debug("cannot remove sandbox {}: {}", sb.getId(), e.getMessage());
            }
        }
        for (ContainerStatus s : runtime().all()) {
            ctx.cri().removeContainer(s.getId());
        }
        ctx.volumes().cleanup(uid);
        Cgroups.removePod(uid);
        ctx.backOff().forget(uid + "/");
        cleaned = true;
    }

    private void report(Pod pod, PodRuntime rt) {
        PodStatus status = PodStatusBuilder.build(pod, rt, waiting, ctx.probes(), podIp, ctx.hostIp(), startTime,
                forcedPhase, rt.readySandbox() != null);
        if (sameAsReported(status)) {
            return;
        }
        if (ctx.reportStatus(pod, status)) {
            lastReported = status;
        }
    }

    /** Statuses differ only in what users see change; the conditions' times alone do not count. */
    private boolean sameAsReported(PodStatus status) {
        return lastReported != null && lastReported.equals(status);
    }

    private static Container spec(Pod pod, String name) {
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        for (Container c : PodStatusBuilder.initContainers(pod)) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
