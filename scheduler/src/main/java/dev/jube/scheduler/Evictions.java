package dev.jube.scheduler;

import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.WaitingPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a preemption decision as upstream's prepareCandidate does: a victim still waiting
 * in Permit is rejected; a bound one gets the DisruptionTarget condition, is deleted gracefully
 * (its own termination grace period) and gets a "Preempted" event.
 */
final class Evictions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Evictions.class);

    private final KubernetesClient client;
    private final PodConditions conditions;
    private final EventRecorder events;
    private final ExecutorService pool;

    Evictions(KubernetesClient client, PodConditions conditions, EventRecorder events) {
        this.client = client;
        this.conditions = conditions;
        this.events = events;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "scheduler-evict-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Evicts the victims in parallel, as upstream does, and returns once all are done; false when
     * one could not be deleted (the preemptor then tries again later).
     */
    boolean evict(Framework fwk, Pod preemptor, String node, List<PodInfo> victims) {
        if (victims.size() == 1) {
            return evictOne(fwk, preemptor, node, victims.getFirst());
        }
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (PodInfo v : victims) {
            all.add(CompletableFuture.supplyAsync(() -> evictOne(fwk, preemptor, node, v), pool));
        }
        boolean ok = true;
        for (CompletableFuture<Boolean> f : all) {
            ok &= f.join();
        }
        return ok;
    }

    private boolean evictOne(Framework fwk, Pod preemptor, String node, PodInfo v) {
        WaitingPod waiting = fwk.waitingPod(v.uid());
        if (waiting != null) {
            waiting.reject("DefaultPreemption", "preempted");
            return true;
        }
        Pod pod = v.pod();
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            conditions.disruptionTarget(pod, fwk.profileName());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            LOG.debug("could not mark victim {}/{}: {}", ns, name, e.getMessage());
        }
        try {
            client.pods().inNamespace(ns).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("could not delete preemption victim {}/{}: {}", ns, name, e.getMessage());
                return false;
            }
            return true;
        }
        if (events != null) {
            events.preempted(pod, preemptor, node, fwk.profileName());
        }
        return true;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
