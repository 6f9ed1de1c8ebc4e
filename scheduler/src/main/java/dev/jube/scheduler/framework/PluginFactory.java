package dev.jube.scheduler.framework;

/** Creates a plugin from its arguments (null: the plugin's defaults). */
@FunctionalInterface
public interface PluginFactory {
    Plugin create(Object args, Handle handle);
}
