package dev.jube.kubelet.hollow;

import dev.jube.api.patch.BuiltinPatchSchema;
import dev.jube.api.patch.PatchSchema;
import dev.jube.api.patch.StrategicMergePatch;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the kubelet's part for every pod bound to a live hollow node: start, readiness, exit and
 * restart per restart policy, and termination on deletion. Fed by the one shared pod informer;
 * the handler only looks things up and schedules, the API writes run on the shared pool.
 */
final class HollowPods implements ResourceEventHandler<Pod> {

    /** Seconds the pod's containers run before exiting; without it they run until deleted. */
    static final String RUN_SECONDS_ANNOTATION = "hollow.jube.dev/run-seconds";
    /** Exit code of the pod's containers when they finish (default 0). */
    static final String EXIT_CODE_ANNOTATION = "hollow.jube.dev/exit-code";

    private static final Logger log = LoggerFactory.getLogger(HollowPods.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PatchSchema POD_SCHEMA = BuiltinPatchSchema.forKind("v1", "Pod").orElseThrow();

    private final KubernetesClient client;
    private final HollowNodes.Config config;
    private final Function<String, HollowNode> nodes;
    private final ScheduledExecutorService pool;
    private final Map<String, PodRun> runs = new ConcurrentHashMap<>();

    HollowPods(KubernetesClient client, HollowNodes.Config config, Function<String, HollowNode> nodes,
            ScheduledExecutorService pool) {
        this.client = client;
        this.config = config;
        this.nodes = nodes;
        this.pool = pool;
    }

    /** One pod's simulated run; all changes to it happen under its monitor. */
    private static final class PodRun {
        final String uid;
        final String namespace;
        final String name;
        final HollowNode node;
        volatile Pod latest;
        String podIp;
        String startTime;
        String startedAt;
        int restartCount;
        ContainerState lastState;
        boolean started;
        boolean finished;
        boolean terminating;
        boolean lastReady;
        Future<?> timer;

        PodRun(Pod pod, HollowNode node) {
            this.uid = pod.getMetadata().getUid();
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            this.node = node;
            this.latest = pod;
        }

        PodStatuses.Run run() {
            return new PodStatuses.Run(podIp, node.internalIp, startTime, startedAt, restartCount, lastState);
        }
    }

    @Override
    public void onAdd(Pod pod) {
        handle(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod pod) {
        handle(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
        PodRun run = runs.remove(pod.getMetadata().getUid());
        if (run != null) {
            synchronized (run) {
                run.finished = true;
                if (run.timer != null) {
                    run.timer.cancel(false);
                }
                run.node.podIps.release(run.podIp);
            }
        }
    }

    private void handle(Pod pod) {
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            return;
        }
        HollowNode node = nodes.apply(nodeName);
        if (node == null || !node.alive) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        PodRun run = runs.get(pod.getMetadata().getUid());
        if (run == null) {
            boolean done = "Succeeded".equals(phase) || "Failed".equals(phase);
            if (done && pod.getMetadata().getDeletionTimestamp() == null) {
                return;
            }
            run = runs.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodRun(pod, node));
            if (done) {
                synchronized (run) {
                    run.finished = true;
                }
            }
        }
        run.latest = pod;
        PodRun r = run;
        synchronized (r) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                if (!r.terminating) {
                    r.terminating = true;
                    if (r.timer != null) {
                        r.timer.cancel(false);
                    }
                    pool.execute(() -> kill(r));
                }
                return;
            }
            if (!r.started) {
                r.started = true;
                r.timer = pool.schedule(() -> start(r), config.podStartDelay().toMillis(), TimeUnit.MILLISECONDS);
            } else if (!r.finished && r.startedAt != null && readyNow(pod) != r.lastReady) {
                // A readiness gate changed: the kubelet re-evaluates Ready.
                pool.execute(() -> writeRunning(r));
            }
        }
    }

    private static boolean readyNow(Pod pod) {
        return !"false".equals(PodStatuses.annotation(pod, PodStatuses.READY_ANNOTATION)) && PodStatuses.gatesPass(pod);
    }

    private void start(PodRun r) {
        synchronized (r) {
            if (r.terminating || r.finished || !r.node.alive) {
                return;
            }
            String now = now();
            r.podIp = hostNetwork(r.latest) ? r.node.internalIp : r.node.podIps.allocate();
            r.startTime = now;
            r.startedAt = now;
        }
        if (writeRunning(r)) {
            scheduleExit(r);
        }
    }

    private boolean writeRunning(PodRun r) {
        synchronized (r) {
            if (r.terminating || r.finished || !r.node.alive) {
                return false;
            }
            r.lastReady = readyNow(r.latest);
            return writeStatus(r, pod -> PodStatuses.running(pod, r.run()));
        }
    }

    /** When the containers exit: the pod's annotation, or for a Job's pod the configured run time. */
    private void scheduleExit(PodRun r) {
        Pod pod = r.latest;
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        String seconds = PodStatuses.annotation(pod, RUN_SECONDS_ANNOTATION);
        Duration runTime;
        if (seconds != null) {
            try {
                runTime = Duration.ofMillis((long) (Double.parseDouble(seconds) * 1000));
            } catch (NumberFormatException e) {
                log.warn("pod {}/{}: annotation {} is not a number of seconds: {}", r.namespace, r.name,
                        RUN_SECONDS_ANNOTATION, seconds);
                return;
            }
        } else if (!"Always".equals(policy) && ownedByJob(pod)) {
            runTime = config.jobRunTime();
        } else {
            return;
        }
        synchronized (r) {
            if (!r.terminating && !r.finished) {
                r.timer = pool.schedule(() -> exit(r), Math.max(0, runTime.toMillis()), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void exit(PodRun r) {
        Pod pod = r.latest;
        int exitCode = exitCode(pod);
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && exitCode != 0);
        String now = now();
        synchronized (r) {
            if (r.terminating || r.finished || !r.node.alive) {
                return;
            }
            if (!restart) {
                String phase = exitCode == 0 ? "Succeeded" : "Failed";
                if (writeStatus(r, p -> PodStatuses.terminated(p, r.run(), phase, exitCode, now))) {
                    r.finished = true;
                    r.node.podIps.release(r.podIp);
                }
                return;
            }
            r.lastState = new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error").withStartedAt(r.startedAt).withFinishedAt(now)
                    .endTerminated().build();
            r.restartCount++;
            r.startedAt = now;
        }
        if (writeRunning(r)) {
            scheduleExit(r);
        }
    }

    /** The containers stop, then the pod object goes, as the kubelet does after a graceful stop. */
    private void kill(PodRun r) {
        if (!r.node.alive) {
            return;
        }
        String now = now();
        boolean wasRunning;
        synchronized (r) {
            wasRunning = r.startedAt != null && !r.finished;
            r.finished = true;
        }
        if (wasRunning) {
            Pod pod = r.latest;
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Running"
                    : pod.getStatus().getPhase();
            writeStatus(r, p -> PodStatuses.terminated(p, r.run(), phase, 0, now));
        }
        try {
            client.pods().inNamespace(r.namespace).withName(r.name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                log.warn("could not delete pod {}/{}: {}", r.namespace, r.name, e.getMessage());
            }
        }
    }

    /**
     * The kubelet's status write: a two-way strategic merge patch from the status the informer
     * holds to the new one, without reading the pod first. Lists merge by key, so a condition
     * another component added meanwhile stays; the uid in the patch makes it fail (409) on a
     * pod that was replaced. A status that did not change is not written.
     */
    private boolean writeStatus(PodRun r, Function<Pod, PodStatus> status) {
        try {
            Pod latest = r.latest;
            ObjectNode before = JSON.createObjectNode();
            before.set("status", asTree(latest.getStatus() == null ? new PodStatus() : latest.getStatus()));
            ObjectNode after = JSON.createObjectNode();
            after.set("status", asTree(status.apply(latest)));
            ObjectNode patch = StrategicMergePatch.diff(before, after, POD_SCHEMA);
            if (patch.isEmpty()) {
                return true;
            }
            patch.putObject("metadata").put("uid", r.uid);
            // Given the pod, the client patches it without fetching it first.
            client.pods().resource(latest).subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), JSON.writeValueAsString(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409 && r.node.alive) {
                log.warn("could not write status of pod {}/{}: {}", r.namespace, r.name, e.getMessage());
            }
            return false;
        } catch (RuntimeException e) {
            if (r.node.alive) {
                log.warn("could not write status of pod {}/{}", r.namespace, r.name, e);
            }
            return false;
        }
    }

    private JsonNode asTree(PodStatus status) {
        return JSON.readTree(client.getKubernetesSerialization().asJson(status));
    }

    private static int exitCode(Pod pod) {
        String s = PodStatuses.annotation(pod, EXIT_CODE_ANNOTATION);
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            log.warn("pod {}/{}: annotation {} is not an integer: {}; using 1", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), EXIT_CODE_ANNOTATION, s);
            return 1;
        }
    }

    private static boolean ownedByJob(Pod pod) {
        return pod.getMetadata().getOwnerReferences().stream().anyMatch(o -> "Job".equals(o.getKind()));
    }

    private static boolean hostNetwork(Pod pod) {
        return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
