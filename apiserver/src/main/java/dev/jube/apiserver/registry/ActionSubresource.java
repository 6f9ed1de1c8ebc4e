package dev.jube.apiserver.registry;

import java.util.List;
import java.util.Objects;

/**
 * A subresource that is an action on its object rather than a view of it (pods/eviction,
 * serviceaccounts/token, pods/log, ...): served by its own handler, listed in discovery with the
 * kind it takes, which may belong to another group (an Eviction is policy/v1).
 *
 * @param name    the path segment after the object's name, e.g. {@code eviction}
 * @param group   the group of {@code kind}; empty for core
 * @param version the version of {@code kind}
 * @param kind    what the subresource takes or answers, e.g. {@code Eviction}
 * @param verbs   the verbs discovery lists
 */
public record ActionSubresource(String name, String group, String version, String kind, List<String> verbs) {

    public ActionSubresource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        verbs = List.copyOf(verbs);
    }

    public static ActionSubresource of(String name, String group, String version, String kind, String... verbs) {
        return new ActionSubresource(name, group, version, kind, List.of(verbs));
    }
}
