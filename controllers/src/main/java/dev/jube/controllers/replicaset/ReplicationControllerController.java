package dev.jube.controllers.replicaset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * core/v1 ReplicationControllers: the ReplicaSet logic with a map selector, which defaults to
 * the template's labels when empty (as upstream's defaulting does).
 */
public final class ReplicationControllerController extends ReplicaSetLikeController<ReplicationController> {

    @Override
    public String name() {
        return "replicationcontroller";
    }

    @Override
    protected Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    protected String apiVersion() {
        return "v1";
    }

    @Override
    protected String kind() {
        return "ReplicationController";
    }

    @Override
    protected String component() {
        return "replication-controller";
    }

    @Override
    protected LabelSelector selector(ReplicationController rc) {
        Map<String, String> selector = rc.getSpec().getSelector();
        if ((selector == null || selector.isEmpty()) && rc.getSpec().getTemplate() != null
                && rc.getSpec().getTemplate().getMetadata() != null) {
            selector = rc.getSpec().getTemplate().getMetadata().getLabels();
        }
        return Selectors.ofMap(selector);
    }

    @Override
    protected int replicas(ReplicationController rc) {
        Integer r = rc.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    @Override
    protected PodTemplateSpec template(ReplicationController rc) {
        return rc.getSpec().getTemplate() == null ? new PodTemplateSpec() : rc.getSpec().getTemplate();
    }

    @Override
    protected int minReadySeconds(ReplicationController rc) {
        Integer m = rc.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    @Override
    protected ReplicaCounts status(ReplicationController rc) {
        ReplicationControllerStatus s = rc.getStatus();
        if (s == null) {
            return new ReplicaCounts(0, 0, 0, 0, 0, null, null);
        }
        String reason = null;
        String message = null;
        if (s.getConditions() != null) {
            for (ReplicationControllerCondition c : s.getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                    reason = c.getReason();
                    message = c.getMessage();
                }
            }
        }
        return new ReplicaCounts(n(s.getReplicas()), n(s.getFullyLabeledReplicas()), n(s.getReadyReplicas()),
                n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                reason, message);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    protected void writeStatus(ReplicationController rc, ReplicaCounts c) {
        List<ReplicationControllerCondition> conditions = new ArrayList<>();
        if (rc.getStatus() != null && rc.getStatus().getConditions() != null) {
            for (ReplicationControllerCondition old : rc.getStatus().getConditions()) {
                if (!"ReplicaFailure".equals(old.getType())) {
                    conditions.add(old);
                }
            }
        }
        if (c.failureReason() != null) {
            conditions.add(new ReplicationControllerConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(c.failureReason()).withMessage(c.failureMessage())
                    .withLastTransitionTime(Times.now()).build());
        }
        ReplicationController copy = new ReplicationControllerBuilder(rc).withStatus(new ReplicationControllerStatusBuilder()
                .withReplicas(c.replicas()).withFullyLabeledReplicas(c.fullyLabeledReplicas())
                .withReadyReplicas(c.readyReplicas()).withAvailableReplicas(c.availableReplicas())
                .withObservedGeneration(c.observedGeneration())
                .withConditions(conditions.isEmpty() ? null : conditions).build()).build();
        client.replicationControllers().inNamespace(rc.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    @Override
    protected ReplicationController getLive(String namespace, String name) {
        return client.replicationControllers().inNamespace(namespace).withName(name).get();
    }
}
