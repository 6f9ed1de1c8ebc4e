package dev.jube.scheduler.plugins;

import dev.jube.api.selector.Tolerations;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/** Rejects cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    public static final String TAINT_KEY = "node.kubernetes.io/unschedulable";

    private static final Taint UNSCHEDULABLE_TAINT = new io.fabric8.kubernetes.api.model.TaintBuilder().withKey(TAINT_KEY).withEffect("NoSchedule").build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.unschedulable()) {
            return Status.SUCCESS;
        }
        if (Tolerations.toleratedBy(UNSCHEDULABLE_TAINT, pod.pod().getSpec().getTolerations())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_TAINT));
    }
}
