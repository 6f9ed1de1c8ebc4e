package dev.jube.scheduler.framework;

import dev.jube.scheduler.queue.QueuedPodInfo;

/** Orders the active queue: {@code less(a, b)} when a should be scheduled before b. */
public interface QueueSortPlugin extends Plugin {
    boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
