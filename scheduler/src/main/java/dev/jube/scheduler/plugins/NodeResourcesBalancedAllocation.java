package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreScorePlugin;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import dev.jube.scheduler.plugins.ResourceScoring.ResourceWeight;
import java.util.List;

/** Favours nodes whose CPU and memory would be used in similar proportions after placing the pod. */
public final class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    private final List<ResourceWeight> resources;

    public NodeResourcesBalancedAllocation() {
        this(ResourceScoring.DEFAULT_RESOURCES);
    }

    public NodeResourcesBalancedAllocation(List<ResourceWeight> resources) {
        this.resources = resources == null ? ResourceScoring.DEFAULT_RESOURCES : List.copyOf(resources);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        for (ResourceWeight r : resources) {
            if (pod.requests().get(r.name()) != 0) {
                return Status.SUCCESS;
            }
        }
        // A best-effort pod changes no node's balance.
        return Status.SKIP;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long[][] ar = ResourceScoring.allocatableAndRequested(node, pod, resources, true);
        return ResourceScoring.balanced(ar[1], ar[0]);
    }
}
