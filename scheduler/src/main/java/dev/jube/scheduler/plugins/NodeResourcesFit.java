package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.Resource;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import dev.jube.scheduler.plugins.ResourceScoring.ResourceWeight;
import dev.jube.scheduler.plugins.ResourceScoring.ShapePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters nodes without room for the pod's requests (init containers and overhead included) or
 * its pod slot, and scores by the configured strategy (LeastAllocated by default).
 */
public final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "NodeResourcesFit";
    public static final String TOO_MANY_PODS = "Too many pods";

    public enum Strategy { LEAST_ALLOCATED, MOST_ALLOCATED, REQUESTED_TO_CAPACITY_RATIO }

    /** The plugin's arguments: scoring strategy, resources and weights, the ratio shape, resources not checked. */
    public record Args(Strategy strategy, List<ResourceWeight> resources, List<ShapePoint> shape,
                       Set<String> ignoredResources) {
        public static Args defaults() {
            return new Args(Strategy.LEAST_ALLOCATED, ResourceScoring.DEFAULT_RESOURCES, List.of(), Set.of());
        }

        public static Args of(Strategy s) {
            return new Args(s, ResourceScoring.DEFAULT_RESOURCES,
                    s == Strategy.REQUESTED_TO_CAPACITY_RATIO
                            ? List.of(new ShapePoint(0, 10), new ShapePoint(100, 0)) : List.of(), Set.of());
        }

        public Args {
            if (strategy == Strategy.REQUESTED_TO_CAPACITY_RATIO && (shape == null || shape.isEmpty())) {
                throw new IllegalArgumentException("NodeResourcesFit: RequestedToCapacityRatio needs a shape");
            }
            resources = List.copyOf(resources);
            shape = shape == null ? List.of() : List.copyOf(shape);
            ignoredResources = ignoredResources == null ? Set.of() : Set.copyOf(ignoredResources);
        }
    }

    /** One resource the node lacks; unresolvable when the request exceeds even the node's total allocatable. */
    public record Insufficient(String resource, String reason, long requested, long used, long capacity,
                               boolean unresolvable) {}

    private static final String KEY = "PreFilter" + NAME;
    private final Args args;

    public NodeResourcesFit() {
        this(Args.defaults());
    }

    public NodeResourcesFit(Args args) {
        this.args = args == null ? Args.defaults() : args;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        if (pod.parseError() != null) {
            return Result.of(Status.error(pod.parseError()));
        }
        state.write(KEY, pod.requests());
        return Result.of(Status.SUCCESS);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Resource req = state.read(KEY);
        if (req == null) {
            req = pod.requests();
        }
        List<Insufficient> missing = fits(req, node, args.ignoredResources());
        if (missing.isEmpty()) {
            return Status.SUCCESS;
        }
        List<String> reasons = new ArrayList<>();
        Code code = Code.UNSCHEDULABLE;
        for (Insufficient i : missing) {
            reasons.add(i.reason());
            if (i.unresolvable()) {
                code = Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
            }
        }
        return new Status(code, reasons, null);
    }

    /**
     * What the node lacks for a pod requesting {@code req}; empty when it fits. Asked for every
     * node of every cycle, so the common answer (room for everything) allocates nothing.
     */
    public static List<Insufficient> fits(Resource req, NodeInfo node, Set<String> ignored) {
        List<Insufficient> out = List.of();
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        if (node.pods().size() + 1 > alloc.allowedPodNumber) {
            out = add(out, new Insufficient(Resource.PODS, TOO_MANY_PODS, 1, node.pods().size(),
                    alloc.allowedPodNumber, false));
        }
        out = check(out, Resource.CPU, req.milliCpu, used.milliCpu, alloc.milliCpu);
        out = check(out, Resource.MEMORY, req.memory, used.memory, alloc.memory);
        out = check(out, Resource.EPHEMERAL_STORAGE, req.ephemeralStorage, used.ephemeralStorage,
                alloc.ephemeralStorage);
        if (!req.scalar.isEmpty()) {
            for (Map.Entry<String, Long> e : req.scalar.entrySet()) {
                if (!ignored.contains(e.getKey())) {
                    out = check(out, e.getKey(), e.getValue(), used.get(e.getKey()), alloc.get(e.getKey()));
                }
            }
        }
        return out;
    }

    private static List<Insufficient> check(List<Insufficient> out, String name, long want, long used, long capacity) {
        if (want > 0 && want > capacity - used) {
            return add(out, new Insufficient(name, "Insufficient " + name, want, used, capacity, want > capacity));
        }
        return out;
    }

    private static List<Insufficient> add(List<Insufficient> out, Insufficient i) {
        List<Insufficient> list = out.isEmpty() ? new ArrayList<>() : out;
        list.add(i);
        return list;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long[][] ar = ResourceScoring.allocatableAndRequested(node, pod, args.resources(), false);
        return switch (args.strategy()) {
            case LEAST_ALLOCATED -> ResourceScoring.leastAllocated(ar[1], ar[0], args.resources());
            case MOST_ALLOCATED -> ResourceScoring.mostAllocated(ar[1], ar[0], args.resources());
            case REQUESTED_TO_CAPACITY_RATIO ->
                    ResourceScoring.requestedToCapacityRatio(ar[1], ar[0], args.resources(), args.shape());
        };
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.ASSIGNED_POD, Action.DELETE, Action.UPDATE_POD_SCALE_DOWN),
                ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_ALLOCATABLE));
    }
}
