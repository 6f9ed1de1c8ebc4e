package dev.jube.kubelet.pods;

/** The labels and annotations upstream's kubelet puts on sandboxes and containers, which tools rely on. */
public final class CriLabels {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";
    public static final String TERMINATION_GRACE = "io.kubernetes.pod.terminationGracePeriod";
    /** Marks what this agent created, so start-up can tell its own sandboxes from anyone else's. */
    public static final String MANAGED_BY = "jube.dev/managed";

    private CriLabels() {}
}
