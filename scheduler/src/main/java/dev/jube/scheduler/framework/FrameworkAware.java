package dev.jube.scheduler.framework;

/** A plugin that runs other plugins of its profile (preemption simulates the filters) and is told its framework. */
public interface FrameworkAware {

    void framework(Framework framework);
}
