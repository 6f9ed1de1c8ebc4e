package dev.jube.scheduler.framework;

/** Informational: the pod was bound. */
public interface PostBindPlugin extends Plugin {
    void postBind(CycleState state, PodInfo pod, String nodeName);
}
