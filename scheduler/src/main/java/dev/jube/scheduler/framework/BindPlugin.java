package dev.jube.scheduler.framework;

/** Binds the pod to the node; SKIP lets the next Bind plugin do it. */
public interface BindPlugin extends Plugin {
    Status bind(CycleState state, PodInfo pod, String nodeName);
}
