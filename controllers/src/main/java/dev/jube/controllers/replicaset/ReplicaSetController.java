package dev.jube.controllers.replicaset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ReplicaSets. */
public final class ReplicaSetController extends ReplicaSetLikeController<ReplicaSet> {

    @Override
    public String name() {
        return "replicaset";
    }

    @Override
    protected Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    protected String apiVersion() {
        return "apps/v1";
    }

    @Override
    protected String kind() {
        return "ReplicaSet";
    }

    @Override
    protected String component() {
        return "replicaset-controller";
    }

    @Override
    protected LabelSelector selector(ReplicaSet rs) {
        return Selectors.of(rs.getSpec().getSelector());
    }

    @Override
    protected int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    @Override
    protected PodTemplateSpec template(ReplicaSet rs) {
        return rs.getSpec().getTemplate() == null ? new PodTemplateSpec() : rs.getSpec().getTemplate();
    }

    @Override
    protected int minReadySeconds(ReplicaSet rs) {
        Integer m = rs.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    @Override
    protected ReplicaCounts status(ReplicaSet rs) {
        ReplicaSetStatus s = rs.getStatus();
        if (s == null) {
            return new ReplicaCounts(0, 0, 0, 0, 0, null, null);
        }
        String reason = null;
        String message = null;
        if (s.getConditions() != null) {
            for (ReplicaSetCondition c : s.getConditions()) {
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
    protected void writeStatus(ReplicaSet rs, ReplicaCounts c) {
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
            for (ReplicaSetCondition old : rs.getStatus().getConditions()) {
                if (!"ReplicaFailure".equals(old.getType())) {
                    conditions.add(old);
                }
            }
        }
        if (c.failureReason() != null) {
            conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(c.failureReason()).withMessage(c.failureMessage())
                    .withLastTransitionTime(Times.now()).build());
        }
        ReplicaSet copy = new ReplicaSetBuilder(rs).withStatus(new ReplicaSetStatusBuilder()
                .withReplicas(c.replicas()).withFullyLabeledReplicas(c.fullyLabeledReplicas())
                .withReadyReplicas(c.readyReplicas()).withAvailableReplicas(c.availableReplicas())
                .withObservedGeneration(c.observedGeneration())
                .withConditions(conditions.isEmpty() ? null : conditions).build()).build();
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(copy).updateStatus();
    }

    @Override
    protected ReplicaSet getLive(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }
}
