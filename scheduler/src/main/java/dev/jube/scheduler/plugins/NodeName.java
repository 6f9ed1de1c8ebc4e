package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;
import java.util.List;

/**
 * A pod that names a node (spec.nodeName) fits only that node. Such pods normally bypass the
 * scheduler; this matters for simulations and for the preemption dry runs.
 */
public final class NodeName implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        String wanted = pod.pod().getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE));
    }
}
