package dev.jube.scheduler.framework;

/** A scheduling plugin; it implements one interface per extension point it takes part in. */
public interface Plugin {
    String name();
}
