package dev.jube.scheduler.framework;

import java.util.List;

/** The cluster events after which a pod this plugin rejected is worth retrying. */
public interface EnqueueExtensions {
    List<ClusterEvent> eventsToRegister();
}
