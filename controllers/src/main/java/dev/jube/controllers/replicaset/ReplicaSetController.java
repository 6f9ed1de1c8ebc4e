package dev.jube.controllers.replicaset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.MergePatches;
import dev.jube.controllers.framework.Selectors;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;

/** apps/v1 ReplicaSets. */
public final class ReplicaSetController extends ReplicaSetLikeController<ReplicaSet> {

    public ReplicaSetController() {
        super(ReplicaSet.class, "apps/v1", "ReplicaSet", "replicaset-controller");
    }

    @Override
    public String name() {
        return "replicaset";
    }

    @Override
    protected LabelSelector selector(ReplicaSet rs) {
        return Selectors.of(rs.getSpec().getSelector());
    }

    @Override
    protected int replicas(ReplicaSet rs) {
        return orDefault(rs.getSpec().getReplicas(), 1);
    }

    @Override
    protected PodTemplateSpec template(ReplicaSet rs) {
        return orEmpty(rs.getSpec().getTemplate());
    }

    @Override
    protected int minReadySeconds(ReplicaSet rs) {
        return orDefault(rs.getSpec().getMinReadySeconds(), 0);
    }

    @Override
    protected ReplicaSetStatus currentStatus(ReplicaSet rs) {
        return rs.getStatus();
    }

    @Override
    protected void updateStatus(ReplicaSet rs, ReplicaSetStatus status) {
        MergePatches.patchStatus(client, rs, rs.getStatus(), status);
    }

    @Override
    protected ReplicaSet getLive(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }
}
