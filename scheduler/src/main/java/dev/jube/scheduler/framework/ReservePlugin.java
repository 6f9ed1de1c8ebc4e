package dev.jube.scheduler.framework;

/** Reserves node-local resources for an assumed pod; unreserve undoes it when a later step fails. */
public interface ReservePlugin extends Plugin {
    Status reserve(CycleState state, PodInfo pod, String nodeName);

    void unreserve(CycleState state, PodInfo pod, String nodeName);
}
