package dev.jube.controllers.replicaset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.MergePatches;
import dev.jube.controllers.framework.Selectors;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.Map;

/**
 * core/v1 ReplicationControllers: the ReplicaSet logic with a map selector, which defaults to
 * the template's labels when empty (as upstream's defaulting does). The status has the same
 * fields as a ReplicaSet's and is converted field by field.
 */
public final class ReplicationControllerController extends ReplicaSetLikeController<ReplicationController> {

    public ReplicationControllerController() {
        super(ReplicationController.class, "v1", "ReplicationController", "replication-controller");
    }

    @Override
    public String name() {
        return "replicationcontroller";
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
        return orDefault(rc.getSpec().getReplicas(), 1);
    }

    @Override
    protected PodTemplateSpec template(ReplicationController rc) {
        return orEmpty(rc.getSpec().getTemplate());
    }

    @Override
    protected int minReadySeconds(ReplicationController rc) {
        return orDefault(rc.getSpec().getMinReadySeconds(), 0);
    }

    @Override
    protected ReplicaSetStatus currentStatus(ReplicationController rc) {
        return rc.getStatus() == null ? null
                : client.getKubernetesSerialization().convertValue(rc.getStatus(), ReplicaSetStatus.class);
    }

    @Override
    protected void updateStatus(ReplicationController rc, ReplicaSetStatus status) {
        ReplicationControllerStatus converted =
                client.getKubernetesSerialization().convertValue(status, ReplicationControllerStatus.class);
        MergePatches.patchStatus(client, rc, rc.getStatus(), converted);
    }

    @Override
    protected ReplicationController getLive(String namespace, String name) {
        return client.replicationControllers().inNamespace(namespace).withName(name).get();
    }
}
