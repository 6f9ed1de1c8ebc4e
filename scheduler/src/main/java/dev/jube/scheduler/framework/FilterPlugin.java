package dev.jube.scheduler.framework;

/** Says whether the pod can run on one node. Called concurrently for different nodes. */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
