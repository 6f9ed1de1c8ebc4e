package dev.jube.apiserver.crd;

import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Whether a CRD's names clash with what its group already serves (other CRDs or built-in kinds),
 * with upstream's NamesAccepted messages.
 */
final class NameConflicts {

    private NameConflicts() {}

    /** Why a name is refused: upstream's NamesAccepted reason (PluralConflict, KindConflict, ...) and message. */
    record Conflict(String reason, String message) {}

    /** The first conflict, or null when every name is free. */
    static Conflict find(ResourceRegistry registry, String owner, JsonNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        JsonNode names = spec.path("names");
        List<ResourceDescriptor> own = registry.registered(owner);
        Set<String> resources = new HashSet<>();
        Set<String> singulars = new HashSet<>();
        Set<String> shortNames = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        Set<String> listKinds = new HashSet<>();
        for (ResourceDescriptor d : registry.all()) {
            if (!d.group().equals(group) || own.contains(d)) {
                continue;
            }
            resources.add(d.resource());
            singulars.add(d.singular());
            shortNames.addAll(d.shortNames());
            kinds.add(d.kind());
            listKinds.add(d.listKind());
        }
        String plural = names.path("plural").asString("");
        if (resources.contains(plural)) {
            return inUse("PluralConflict", plural);
        }
        String singular = names.path("singular").asString("");
        if (singulars.contains(singular) || resources.contains(singular)) {
            return inUse("SingularConflict", singular);
        }
        for (JsonNode s : names.path("shortNames")) {
            if (shortNames.contains(s.asString("")) || resources.contains(s.asString(""))) {
                return inUse("ShortNamesConflict", s.asString(""));
            }
        }
        String kind = names.path("kind").asString("");
        if (kinds.contains(kind)) {
            return inUse("KindConflict", kind);
        }
        String listKind = names.path("listKind").asString("");
        if (listKinds.contains(listKind)) {
            return inUse("ListKindConflict", listKind);
        }
        return null;
    }

    private static Conflict inUse(String reason, String name) {
        return new Conflict(reason, "\"" + name + "\" is already in use");
    }
}
