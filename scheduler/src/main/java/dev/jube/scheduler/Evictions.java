package dev.jube.scheduler;

import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.WaitingPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a preemption decision as upstream's prepareCandidate does: a victim still waiting
 * in Permit is rejected; a bound one gets the DisruptionTarget condition, is deleted gracefully
 * (its own termination grace period) and gets a "Preempted" event.
 */
final class Evictions {

    private static final Logger LOG = LoggerFactory.getLogger(Evictions.class);

    private final KubernetesClient client;
    private final PodConditions conditions;
    private final EventRecorder events;

    Evictions(KubernetesClient client, PodConditions conditions, EventRecorder events) {
        this.client = client;
        this.conditions = conditions;
        this.events = events;
    }

    /** Evicts the victims; false when one could not be deleted (the preemptor then tries again later). */
    boolean evict(Framework fwk, Pod preemptor, String node, List<PodInfo> victims) {
        boolean ok = true;
        for (PodInfo v : victims) {
            WaitingPod waiting = fwk.waitingPod(v.uid());
            if (waiting != null) {
                waiting.reject("DefaultPreemption", "preempted");
                continue;
            }
            Pod pod = v.pod();
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            try {
                conditions.disruptionTarget(pod, fwk.profileName());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue;
                }
                LOG.debug("could not mark victim {}/{}: {}", ns, name, e.getMessage());
            }
            try {
                client.pods().inNamespace(ns).withName(name).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    LOG.warn("could not delete preemption victim {}/{}: {}", ns, name, e.getMessage());
                    ok = false;
                }
                continue;
            }
            if (events != null) {
                events.preempted(pod, preemptor, node, fwk.profileName());
            }
        }
        return ok;
    }
}
