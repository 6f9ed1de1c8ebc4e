package dev.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scheduler profile: the schedulerName pods choose it by, the plugins it runs (in order; each
 * at every extension point it implements), their score weights and arguments. Immutable.
 */
public final class Profile {

    /** One enabled plugin. */
    public record PluginSpec(String name, int weight, Object args) {}

    private final String schedulerName;
    private final List<PluginSpec> plugins;

    public Profile(String schedulerName, List<PluginSpec> plugins) {
        this.schedulerName = Objects.requireNonNull(schedulerName, "schedulerName");
        this.plugins = List.copyOf(plugins);
    }

    public String schedulerName() {
        return schedulerName;
    }

    public List<PluginSpec> plugins() {
        return plugins;
    }

    public boolean has(String plugin) {
        return plugins.stream().anyMatch(p -> p.name().equals(plugin));
    }

    /** This profile under another schedulerName. */
    public Profile named(String name) {
        return new Profile(name, plugins);
    }

    /** Without the named plugins. */
    public Profile without(String... names) {
        List<String> drop = List.of(names);
        return new Profile(schedulerName, plugins.stream().filter(p -> !drop.contains(p.name())).toList());
    }

    /** With {@code name} appended (or its weight and args replaced when already enabled). */
    public Profile with(String name, int weight, Object args) {
        Map<String, PluginSpec> m = new LinkedHashMap<>();
        plugins.forEach(p -> m.put(p.name(), p));
        m.put(name, new PluginSpec(name, weight, args));
        return new Profile(schedulerName, new ArrayList<>(m.values()));
    }

    /** With the score weight of an enabled plugin changed. */
    public Profile withWeight(String name, int weight) {
        return replace(name, p -> new PluginSpec(name, weight, p.args()));
    }

    /** With the arguments of an enabled plugin changed. */
    public Profile withArgs(String name, Object args) {
        return replace(name, p -> new PluginSpec(name, p.weight(), args));
    }

    private Profile replace(String name, java.util.function.UnaryOperator<PluginSpec> f) {
        if (!has(name)) {
            throw new IllegalArgumentException("plugin " + name + " is not enabled in profile " + schedulerName);
        }
        return new Profile(schedulerName, plugins.stream().map(p -> p.name().equals(name) ? f.apply(p) : p).toList());
    }

    /** Builds the plugins of this profile from the registry. */
    public Framework build(Map<String, PluginFactory> registry, Handle handle) {
        Map<String, Plugin> instances = new LinkedHashMap<>();
        Map<String, Integer> weights = new HashMap<>();
        for (PluginSpec spec : plugins) {
            PluginFactory f = registry.get(spec.name());
            if (f == null) {
                throw new IllegalArgumentException("profile " + schedulerName + ": unknown plugin " + spec.name());
            }
            instances.put(spec.name(), f.create(spec.args(), handle));
            weights.put(spec.name(), spec.weight());
        }
        return new Framework(schedulerName, new ArrayList<>(instances.values()), weights, handle.nominator());
    }

    @Override
    public String toString() {
        return "Profile{" + schedulerName + ", " + plugins + "}";
    }
}
