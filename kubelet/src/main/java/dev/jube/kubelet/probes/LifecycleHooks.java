package dev.jube.kubelet.probes;

import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.pods.ContainerHooks;
import dev.jube.kubelet.pods.PodEvents;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.LifecycleHandler;
import dev.jube.kubelet.model.Pod;
import java.time.Duration;

/** postStart and preStop: exec, httpGet and sleep handlers, with upstream's events on failure. */
public final class LifecycleHooks implements ContainerHooks {

    private final Handlers handlers;
    private final PodEvents events;

    public LifecycleHooks(Probes probes, PodEvents events) {
        this.handlers = probes.handlers();
        this.events = events;
    }

    @Override
    public void postStart(Pod pod, Container spec, String containerId, String podIp) throws ContainerConfigException {
        LifecycleHandler h = spec.getLifecycle() == null ? null : spec.getLifecycle().getPostStart();
        if (h == null) {
            return;
        }
        ProbeResult r = run(spec, containerId, podIp, h, Duration.ofSeconds(30));
        if (!r.success()) {
            throw new ContainerConfigException("PostStartHookError: " + r.output());
        }
    }

    @Override
    public void preStop(Pod pod, Container spec, String containerId, String podIp, Duration budget) {
        LifecycleHandler h = spec.getLifecycle() == null ? null : spec.getLifecycle().getPreStop();
        if (h == null) {
            return;
        }
        ProbeResult r = run(spec, containerId, podIp, h, budget);
        if (!r.success()) {
            events.warning(pod, "FailedPreStopHook", "PreStopHook failed: " + r.output(), spec);
        }
    }

    private ProbeResult run(Container spec, String id, String podIp, LifecycleHandler h, Duration budget) {
        if (h.getExec() != null) {
            return handlers.exec(id, h.getExec(), budget);
        }
        if (h.getHttpGet() != null) {
            return handlers.httpGet(spec, podIp, h.getHttpGet(), budget);
        }
        if (h.getSleep() != null && h.getSleep().getSeconds() != null) {
            try {
                Thread.sleep(Duration.ofSeconds(Math.min(h.getSleep().getSeconds(), budget.toSeconds())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProbeResult.ok();
        }
        if (h.getTcpSocket() != null) {
            return handlers.tcp(spec, podIp, h.getTcpSocket(), budget);
        }
        return ProbeResult.ok();
    }
}
