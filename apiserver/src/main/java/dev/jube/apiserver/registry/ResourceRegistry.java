package dev.jube.apiserver.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind the API serves, looked up by path (group, version, resource) or by storage key.
 * Groups keep the order in which their first kind was registered: that is discovery's preference
 * order.
 */
public final class ResourceRegistry {

    private final Map<String, ResourceDescriptor> byPath = new LinkedHashMap<>();
    private final Map<String, List<ResourceDescriptor>> byGroupVersion = new LinkedHashMap<>();
    private final List<ResourceDescriptor> all = new ArrayList<>();

    public ResourceRegistry(Collection<ResourceDescriptor> descriptors) {
        for (ResourceDescriptor d : descriptors) {
            add(d);
        }
    }

    private void add(ResourceDescriptor d) {
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
        return Optional.ofNullable(byPath.get(pathKey(group, version, resource)));
    }

    public List<ResourceDescriptor> all() {
        return List.copyOf(all);
    }

    /** The kinds of one group version (empty when the group version is not served). */
    public List<ResourceDescriptor> groupVersion(String group, String version) {
        return List.copyOf(byGroupVersion.getOrDefault(gvKey(group, version), List.of()));
    }

    /** Non-core group names in preference order. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (ResourceDescriptor d : all) {
            if (!d.group().isEmpty() && !groups.contains(d.group())) {
                groups.add(d.group());
            }
        }
        return groups;
    }

    /** Versions of a group in preference order (the first is preferred). */
    public List<String> versions(String group) {
        List<String> versions = new ArrayList<>();
        for (ResourceDescriptor d : all) {
            if (d.group().equals(group) && !versions.contains(d.version())) {
                versions.add(d.version());
            }
        }
        return versions;
    }

    /** The kind stored under a key, by the longest matching storage prefix. */
    public Optional<ResourceDescriptor> forStorageKey(String key) {
        ResourceDescriptor best = null;
        for (ResourceDescriptor d : all) {
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
