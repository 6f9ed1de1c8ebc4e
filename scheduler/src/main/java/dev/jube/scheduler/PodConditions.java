package dev.jube.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets the PodScheduled=False condition (reason Unschedulable or SchedulerError) on pods that failed to schedule. */
public final class PodConditions {

    private static final Logger LOG = LoggerFactory.getLogger(PodConditions.class);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    public static final String TYPE = "PodScheduled";

    private final KubernetesClient client;

    public PodConditions(KubernetesClient client) {
        this.client = client;
    }

    /** Writes the condition unless the pod already carries the same one. */
    public void unschedulable(Pod pod, String reason, String message) {
        unschedulable(pod, reason, message, null);
    }

    /**
     * Writes the condition and status.nominatedNodeName (null: leave it, empty: clear it) in one
     * update, unless the pod already carries both.
     */
    public void unschedulable(Pod pod, String reason, String message, String nominatedNode) {
        PodCondition existing = find(pod);
        String currentNomination = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        boolean nominationChanges = nominatedNode != null
                && !Objects.equals(emptyToNull(nominatedNode), emptyToNull(currentNomination));
        if (existing != null && "False".equals(existing.getStatus()) && Objects.equals(reason, existing.getReason())
                && Objects.equals(message, existing.getMessage()) && !nominationChanges) {
            return;
        }
        PodCondition c = new PodConditionBuilder().withType(TYPE).withStatus("False").withReason(reason)
                .withMessage(message).withLastTransitionTime(RFC3339.format(Instant.now())).build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(p -> {
                        if (p.getStatus() == null) {
                            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
                        }
                        List<PodCondition> conds = new ArrayList<>(p.getStatus().getConditions());
                        conds.removeIf(x -> TYPE.equals(x.getType()));
                        conds.add(c);
                        p.getStatus().setConditions(conds);
                        if (nominatedNode != null) {
                            p.getStatus().setNominatedNodeName(emptyToNull(nominatedNode));
                        }
                        return p;
                    });
        } catch (KubernetesClientException e) {
            LOG.debug("could not update the condition of pod {}/{}: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Marks a preemption victim with upstream's DisruptionTarget condition (reason
     * PreemptionByScheduler) before it is deleted, so its owner can tell why it went away.
     */
    public void disruptionTarget(Pod victim, String schedulerName) {
        PodCondition c = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("PreemptionByScheduler")
                .withMessage(schedulerName + ": preempting to accommodate a higher priority pod")
                .withLastTransitionTime(RFC3339.format(Instant.now())).build();
        client.pods().inNamespace(victim.getMetadata().getNamespace()).withName(victim.getMetadata().getName())
                .editStatus(p -> {
                    if (p.getStatus() == null) {
                        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
                    }
                    List<PodCondition> conds = new ArrayList<>(p.getStatus().getConditions());
                    conds.removeIf(x -> "DisruptionTarget".equals(x.getType()));
                    conds.add(c);
                    p.getStatus().setConditions(conds);
                    return p;
                });
    }

    static PodCondition find(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (TYPE.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }
}
