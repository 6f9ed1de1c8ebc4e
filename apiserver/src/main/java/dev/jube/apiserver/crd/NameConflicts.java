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

    /** The conflict message, or null when every name is free. */
    static String find(ResourceRegistry registry, String owner, JsonNode crd) {
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
            return "\"" + plural + "\" is already in use";
        }
        String singular = names.path("singular").asString("");
        if (singulars.contains(singular) || resources.contains(singular)) {
            return "\"" + singular + "\" is already in use";
        }
        for (JsonNode s : names.path("shortNames")) {
            if (shortNames.contains(s.asString("")) || resources.contains(s.asString(""))) {
                return "\"" + s.asString("") + "\" is already in use";
            }
        }
        String kind = names.path("kind").asString("");
        if (kinds.contains(kind)) {
            return "\"" + kind + "\" is already in use";
        }
        String listKind = names.path("listKind").asString("");
        if (listKinds.contains(listKind)) {
            return "\"" + listKind + "\" is already in use";
        }
        return null;
    }
}
