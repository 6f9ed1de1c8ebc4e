package dev.jube.controllers.replicaset;

import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The status a ReplicaSet or ReplicationController reports, plus its ReplicaFailure condition
 * (null reason when there is none). Both kinds' status have the same fields, so both are read and
 * written as a ReplicaSetStatus.
 */
public record ReplicaCounts(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                            long observedGeneration, String failureReason, String failureMessage) {

    private static final String REPLICA_FAILURE = "ReplicaFailure";

    /** The counts a status reports; all zero for no status. */
    static ReplicaCounts of(ReplicaSetStatus s) {
        if (s == null) {
            return new ReplicaCounts(0, 0, 0, 0, 0, null, null);
        }
        String reason = null;
        String message = null;
        if (s.getConditions() != null) {
            for (ReplicaSetCondition c : s.getConditions()) {
                if (REPLICA_FAILURE.equals(c.getType()) && "True".equals(c.getStatus())) {
                    reason = c.getReason();
                    message = c.getMessage();
                }
            }
        }
        return new ReplicaCounts(n(s.getReplicas()), n(s.getFullyLabeledReplicas()), n(s.getReadyReplicas()),
                n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                reason, message);
    }

    /** These counts as a status, keeping the previous status's conditions other than ReplicaFailure. */
    ReplicaSetStatus toStatus(ReplicaSetStatus previous) {
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        if (previous != null && previous.getConditions() != null) {
            for (ReplicaSetCondition old : previous.getConditions()) {
                if (!REPLICA_FAILURE.equals(old.getType())) {
                    conditions.add(old);
                }
            }
        }
        if (failureReason != null) {
            conditions.add(new ReplicaSetConditionBuilder().withType(REPLICA_FAILURE).withStatus("True")
                    .withReason(failureReason).withMessage(failureMessage)
                    .withLastTransitionTime(Times.now()).build());
        }
        return new ReplicaSetStatusBuilder()
                .withReplicas(replicas).withFullyLabeledReplicas(fullyLabeledReplicas)
                .withReadyReplicas(readyReplicas).withAvailableReplicas(availableReplicas)
                .withObservedGeneration(observedGeneration)
                .withConditions(conditions.isEmpty() ? null : conditions).build();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
