package dev.jube.scheduler.framework;

/**
 * Runs once per pod before the filters: checks the pod itself and computes state the filters
 * share. May narrow the candidate nodes.
 */
public interface PreFilterPlugin extends Plugin {

    /** The verdict and, optionally, the only nodes worth filtering (null: all). */
    record Result(Status status, java.util.Set<String> nodeNames) {
        public static Result of(Status s) {
            return new Result(s, null);
        }
    }

    Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot);

    /**
     * Updates this plugin's cycle state as if {@code other} were added to or removed from
     * {@code node}; preemption uses it to simulate evictions. Null when the state does not depend
     * on other pods.
     */
    default PreFilterExtensions extensions() {
        return null;
    }

    /** Incremental updates of PreFilter state (see {@link #extensions()}). */
    interface PreFilterExtensions {
        Status addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node);

        Status removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node);
    }
}
