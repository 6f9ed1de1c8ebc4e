package dev.jube.scheduler.framework;

import java.util.Map;

/**
 * Runs when no node passed the filters; preemption is a PostFilter plugin that may nominate a
 * node after evicting lower-priority pods.
 */
public interface PostFilterPlugin extends Plugin {

    /**
     * The verdict (its message is appended to the failure message), the node nominated for the pod
     * (null: leave the nomination as it is, empty: clear it) and the pods to evict to make room there.
     */
    record Result(Status status, String nominatedNode, java.util.List<PodInfo> victims) {
        public Result {
            victims = victims == null ? java.util.List.of() : java.util.List.copyOf(victims);
        }

        public Result(Status status, String nominatedNode) {
            this(status, nominatedNode, null);
        }
    }

    Result postFilter(CycleState state, PodInfo pod, Map<String, Status> filteredNodeStatus, Snapshot snapshot);
}
