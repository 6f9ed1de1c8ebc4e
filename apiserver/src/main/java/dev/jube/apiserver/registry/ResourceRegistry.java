package dev.jube.apiserver.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every kind the API serves, looked up by path (group, version, resource) or by storage key.
 * Groups keep the order in which their first kind was registered: that is discovery's preference
 * order. Custom resources come and go at run time: each set of them is registered under an owner
 * (its CustomResourceDefinition's name) and readers always see one consistent snapshot.
 */
public final class ResourceRegistry {

    /** An immutable view; replaced as a whole when custom resources change. */
    private record Snapshot(Map<String, ResourceDescriptor> byPath, Map<String, List<ResourceDescriptor>> byGroupVersion,
                            List<ResourceDescriptor> all) {}

    private final List<ResourceDescriptor> builtin;
    private final Map<String, List<ResourceDescriptor>> custom = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;
    private volatile long generation;

    public ResourceRegistry(Collection<ResourceDescriptor> descriptors) {
        this.builtin = List.copyOf(descriptors);
        this.snapshot = build(builtin, Map.of());
    }

    /**
     * Serves {@code descriptors} for {@code owner}, replacing what it registered before.
     *
     * @throws IllegalArgumentException when a path is already served by another owner
     */
    public void register(String owner, List<ResourceDescriptor> descriptors) {
        synchronized (this) {
            Map<String, List<ResourceDescriptor>> next = new LinkedHashMap<>(custom);
            next.put(owner, List.copyOf(descriptors));
            snapshot = build(builtin, next);
            custom.put(owner, List.copyOf(descriptors));
            generation++;
        }
        listeners.forEach(Runnable::run);
    }

    /** Stops serving what {@code owner} registered; nothing when it registered nothing. */
    public void unregister(String owner) {
        synchronized (this) {
            if (custom.remove(owner) == null) {
                return;
            }
            snapshot = build(builtin, custom);
            generation++;
        }
        listeners.forEach(Runnable::run);
    }

    /** What {@code owner} registered (empty when nothing). */
    public synchronized List<ResourceDescriptor> registered(String owner) {
        return custom.getOrDefault(owner, List.of());
    }

    /** Every owner with registered resources. */
    public synchronized List<String> owners() {
        return List.copyOf(custom.keySet());
    }

    /** Counts changes, so views derived from the registry know when to rebuild. */
    public long generation() {
        return generation;
    }

    /** Runs {@code listener} after every change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static Snapshot build(List<ResourceDescriptor> builtin, Map<String, List<ResourceDescriptor>> custom) {
        Snapshot s = new Snapshot(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        builtin.forEach(d -> add(s, d));
        custom.values().forEach(ds -> ds.forEach(d -> add(s, d)));
        return s;
    }

    private static void add(Snapshot s, ResourceDescriptor d) {
        Map<String, ResourceDescriptor> byPath = s.byPath();
        Map<String, List<ResourceDescriptor>> byGroupVersion = s.byGroupVersion();
        List<ResourceDescriptor> all = s.all();
        String path = pathKey(d.group(), d.version(), d.resource());
        if (byPath.containsKey(path)) {
            throw new IllegalArgumentException("resource registered twice: " + d);
        }
        for (ResourceDescriptor other : all) {
            if (other.storagePrefix().equals(d.storagePrefix()) && !other.kind().equals(d.kind())) {
                throw new IllegalArgumentException(d + " and " + other + " would share storage prefix " + d.storagePrefix());
            }
        }
        byPath.put(path, d);
        byGroupVersion.computeIfAbsent(gvKey(d.group(), d.version()), k -> new ArrayList<>()).add(d);
        all.add(d);
    }

    public Optional<ResourceDescriptor> find(String group, String version, String resource) {
        return Optional.ofNullable(snapshot.byPath().get(pathKey(group, version, resource)));
    }

    public List<ResourceDescriptor> all() {
        return List.copyOf(snapshot.all());
    }

    /** The kinds of one group version (empty when the group version is not served). */
    public List<ResourceDescriptor> groupVersion(String group, String version) {
        return List.copyOf(snapshot.byGroupVersion().getOrDefault(gvKey(group, version), List.of()));
    }

    /** Non-core group names in preference order. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (ResourceDescriptor d : snapshot.all()) {
            if (!d.group().isEmpty() && !groups.contains(d.group())) {
                groups.add(d.group());
            }
        }
        return groups;
    }

    /** Versions of a group in preference order (the first is preferred). */
    public List<String> versions(String group) {
        List<String> versions = new ArrayList<>();
        for (ResourceDescriptor d : snapshot.all()) {
            if (d.group().equals(group) && !versions.contains(d.version())) {
                versions.add(d.version());
            }
        }
        return versions;
    }

    /** The kind stored under a key, by the longest matching storage prefix. */
    public Optional<ResourceDescriptor> forStorageKey(String key) {
        ResourceDescriptor best = null;
        for (ResourceDescriptor d : snapshot.all()) {
            if (key.startsWith(d.storagePrefix())
                    && (best == null || d.storagePrefix().length() > best.storagePrefix().length())) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String pathKey(String group, String version, String resource) {
        return group + "/" + version + "/" + resource;
    }

    private static String gvKey(String group, String version) {
        return group + "/" + version;
    }
}
