package dev.jube.scheduler.framework;

import java.util.Map;

/**
 * Runs when no node passed the filters; preemption is a PostFilter plugin that may nominate a
 * node after evicting lower-priority pods.
 */
public interface PostFilterPlugin extends Plugin {

    /** The verdict, a nominated node name (or null), and a message appended to the failure message. */
    record Result(Status status, String nominatedNode) {}

    Result postFilter(CycleState state, PodInfo pod, Map<String, Status> filteredNodeStatus, Snapshot snapshot);
}
