package dev.jube.scheduler.framework;

/** Cycle state a plugin changes after PreFilter (through PreFilter extensions) must copy deeply. */
public interface StateData {
    StateData copy();
}
