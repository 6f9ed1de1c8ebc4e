package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.QueueSortPlugin;
import dev.jube.scheduler.queue.QueuedPodInfo;

/** Higher spec.priority first; among equals, the pod queued earlier. */
public final class PrioritySort implements QueueSortPlugin {

    public static final String NAME = "PrioritySort";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int pa = priority(a);
        int pb = priority(b);
        return pa > pb || (pa == pb && a.timestamp() < b.timestamp());
    }

    static int priority(QueuedPodInfo q) {
        Integer p = q.podInfo().pod().getSpec().getPriority();
        return p == null ? 0 : p;
    }
}
