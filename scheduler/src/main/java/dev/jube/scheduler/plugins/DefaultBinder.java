package dev.jube.scheduler.plugins;

import dev.jube.scheduler.Binder;
import dev.jube.scheduler.framework.BindPlugin;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;

/** Binds through the API server's pods/binding subresource. */
public final class DefaultBinder implements BindPlugin {

    public static final String NAME = "DefaultBinder";

    private final Binder binder;

    public DefaultBinder(Binder binder) {
        this.binder = binder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, PodInfo pod, String nodeName) {
        if (binder == null) {
            return Status.error("DefaultBinder has no API client");
        }
        return binder.bind(pod.pod(), nodeName);
    }
}
