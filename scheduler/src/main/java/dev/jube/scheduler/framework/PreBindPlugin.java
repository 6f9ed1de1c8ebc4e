package dev.jube.scheduler.framework;

/** Prepares the node or the cluster before the pod is bound (e.g. volume provisioning). */
public interface PreBindPlugin extends Plugin {
    Status preBind(CycleState state, PodInfo pod, String nodeName);
}
