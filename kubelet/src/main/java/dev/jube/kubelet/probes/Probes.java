package dev.jube.kubelet.probes;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.pods.ContainerProbes;
import dev.jube.kubelet.pods.PodEvents;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.Probe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness, readiness and startup probes, one worker each per running container. Readiness and
 * startup verdicts feed the pod status; a container failing liveness (or never passing startup)
 * is stopped, and the pod worker restarts it as the restart policy says.
 */
public final class Probes implements ContainerProbes {

    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

    enum Kind { LIVENESS, READINESS, STARTUP }

    private final CriClient cri;
    private final Handlers handlers;
    private final PodEvents events;
    private final Consumer<String> podChanged;
    private final Map<String, ContainerProbeState> states = new ConcurrentHashMap<>();

    /** {@code podChanged} is told a pod's UID when a verdict changes, so its status is reported at once. */
    public Probes(CriClient cri, PodEvents events, Consumer<String> podChanged) {
        this.cri = cri;
        this.handlers = new Handlers(cri);
        this.events = events;
        this.podChanged = podChanged;
    }

    Handlers handlers() {
        return handlers;
    }

    @Override
    public void started(Pod pod, Container spec, String containerId, String podIp) {
        ContainerProbeState state = new ContainerProbeState(spec.getReadinessProbe() == null,
                spec.getStartupProbe() == null);
        states.put(containerId, state);
        worker(pod, spec, containerId, podIp, Kind.STARTUP, spec.getStartupProbe(), state);
        worker(pod, spec, containerId, podIp, Kind.LIVENESS, spec.getLivenessProbe(), state);
        worker(pod, spec, containerId, podIp, Kind.READINESS, spec.getReadinessProbe(), state);
    }

    private void worker(Pod pod, Container spec, String id, String podIp, Kind kind, Probe probe,
            ContainerProbeState state) {
        if (probe == null) {
            return;
        }
        Thread.ofVirtual().name("probe-" + kind.name().toLowerCase() + "-" + spec.getName())
                .start(() -> loop(pod, spec, id, podIp, kind, probe, state));
    }

    private void loop(Pod pod, Container spec, String id, String podIp, Kind kind, Probe probe,
            ContainerProbeState state) {
        int period = positive(probe.getPeriodSeconds(), 10);
        int timeout = positive(probe.getTimeoutSeconds(), 1);
        int successThreshold = positive(probe.getSuccessThreshold(), 1);
        int failureThreshold = positive(probe.getFailureThreshold(), 3);
        int successes = 0;
        int failures = 0;
        try {
            Thread.sleep(Duration.ofSeconds(probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds()));
            while (!state.stopped) {
                if (kind != Kind.STARTUP && !state.startupPassed) {
                    Thread.sleep(Duration.ofMillis(200));
                    continue;
                }
                ProbeResult r = run(spec, id, podIp, probe, Duration.ofSeconds(timeout));
                if (state.stopped) {
                    return;
                }
                if (r.success()) {
                    failures = 0;
                    successes++;
                    if (successes >= successThreshold) {
                        if (kind == Kind.READINESS && !state.ready) {
                            state.ready = true;
                            podChanged.accept(pod.getMetadata().getUid());
                        }
                        if (kind == Kind.STARTUP) {
                            state.startupPassed = true;
                            podChanged.accept(pod.getMetadata().getUid());
                            return;
                        }
                    }
                } else {
                    successes = 0;
                    failures++;
                    events.warning(pod, "Unhealthy", label(kind) + " probe failed: " + r.output(), spec);
                    if (failures >= failureThreshold) {
                        if (kind == Kind.READINESS) {
                            if (state.ready) {
                                state.ready = false;
                                podChanged.accept(pod.getMetadata().getUid());
                            }
                        } else {
                            kill(pod, spec, id, kind, probe);
                            return;
                        }
                    }
                }
                Thread.sleep(Duration.ofSeconds(period));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void kill(Pod pod, Container spec, String id, Kind kind, Probe probe) {
        events.normal(pod, "Killing", "Container " + spec.getName() + " failed " + label(kind).toLowerCase()
                + " probe, will be restarted", spec);
        Long grace = probe.getTerminationGracePeriodSeconds() != null ? probe.getTerminationGracePeriodSeconds()
                : pod.getSpec().getTerminationGracePeriodSeconds();
        try {
            cri.stopContainer(id, grace == null ? 30 : grace);
        } catch (CriException e) {
            LOG.debug("cannot stop container {}: {}", id, e.getMessage());
        }
        stopped(id);
        podChanged.accept(pod.getMetadata().getUid());
    }

    ProbeResult run(Container spec, String id, String podIp, Probe probe, Duration timeout) {
        if (probe.getExec() != null) {
            return handlers.exec(id, probe.getExec(), timeout);
        }
        if (probe.getHttpGet() != null) {
            return handlers.httpGet(spec, podIp, probe.getHttpGet(), timeout);
        }
        if (probe.getTcpSocket() != null) {
            return handlers.tcp(spec, podIp, probe.getTcpSocket(), timeout);
        }
        if (probe.getGrpc() != null) {
            return handlers.grpc(podIp, probe.getGrpc(), timeout);
        }
        return ProbeResult.ok();
    }

    private static String label(Kind kind) {
        return switch (kind) {
            case LIVENESS -> "Liveness";
            case READINESS -> "Readiness";
            case STARTUP -> "Startup";
        };
    }

    private static int positive(Integer v, int fallback) {
        return v == null || v <= 0 ? fallback : v;
    }

    @Override
    public void stopped(String containerId) {
        ContainerProbeState s = states.remove(containerId);
        if (s != null) {
            s.stopped = true;
        }
    }

    @Override
    public boolean ready(String containerId) {
        ContainerProbeState s = states.get(containerId);
        return s == null || s.ready;
    }

    @Override
    public boolean startupPassed(String containerId) {
        ContainerProbeState s = states.get(containerId);
        return s == null || s.startupPassed;
    }

    /** The verdicts of one container's probes. */
    private static final class ContainerProbeState {
        volatile boolean ready;
        volatile boolean startupPassed;
        volatile boolean stopped;

        ContainerProbeState(boolean ready, boolean startupPassed) {
            this.ready = ready;
            this.startupPassed = startupPassed;
        }
    }
}
