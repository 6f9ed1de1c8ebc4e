package dev.jube.scheduler.framework;

/** The outcome of running a plugin, as upstream's framework codes. */
public enum Code {
    SUCCESS,
    /** An internal failure; the pod is retried after back-off. */
    ERROR,
    /** The node does not fit now, but might after preemption or a cluster change. */
    UNSCHEDULABLE,
    /** The node does not fit, and preempting pods on it would not help. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** A Permit plugin asks the pod to wait. */
    WAIT,
    /** The plugin has nothing to do for this pod (PreFilter, PreScore, Bind). */
    SKIP
}
