package dev.jube.scheduler.queue;

import dev.jube.scheduler.framework.PodInfo;
import java.util.Set;

/**
 * A pod waiting in the scheduling queue, with its scheduling history: when it was queued, how often
 * it was tried, and which plugins rejected it last time (which cluster events may help it).
 */
public final class QueuedPodInfo {

    private volatile PodInfo podInfo;
    /** When the pod was last added to the queue (milliseconds); the queue sort tie-breaker. */
    long timestamp;
    /** When the pod was first queued (milliseconds). */
    final long initialTimestamp;
    int attempts;
    Set<String> unschedulablePlugins = Set.of();
    boolean failedWithError;
    /** When the pod entered the unschedulable set (milliseconds). */
    long unschedulableSince;

    QueuedPodInfo(PodInfo podInfo, long now) {
        this.podInfo = podInfo;
        this.timestamp = now;
        this.initialTimestamp = now;
    }

    /** For tests of queue sort plugins. */
    public static QueuedPodInfo of(PodInfo pod, long timestamp) {
        return new QueuedPodInfo(pod, timestamp);
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    void podInfo(PodInfo p) {
        this.podInfo = p;
    }

    public long timestamp() {
        return timestamp;
    }

    public long initialTimestamp() {
        return initialTimestamp;
    }

    public int attempts() {
        return attempts;
    }

    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    /** Records the outcome of a failed attempt before the pod goes back to the queue. */
    public void failed(Set<String> rejectingPlugins, boolean error) {
        this.unschedulablePlugins = Set.copyOf(rejectingPlugins);
        this.failedWithError = error;
    }

    String key() {
        return podInfo.namespace() + "/" + podInfo.name();
    }

    @Override
    public String toString() {
        return key() + "(attempts=" + attempts + ")";
    }
}
