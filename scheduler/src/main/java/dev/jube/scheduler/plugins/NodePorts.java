package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.HostPorts;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import java.util.List;

/** Rejects nodes where a host port the pod asks for is taken (same protocol and port, overlapping host IP). */
public final class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final String KEY = "PreFilter" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<HostPorts.Port> wanted = HostPorts.of(pod.pod());
        if (wanted.isEmpty()) {
            return Result.of(Status.SKIP);
        }
        state.write(KEY, wanted);
        return Result.of(Status.SUCCESS);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<HostPorts.Port> wanted = state.read(KEY);
        if (wanted == null) {
            wanted = HostPorts.of(pod.pod());
        }
        for (HostPorts.Port p : wanted) {
            if (node.usedPorts().conflicts(p)) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.ASSIGNED_POD, Action.DELETE),
                ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE));
    }
}
