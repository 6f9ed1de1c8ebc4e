package dev.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources the API server serves, found through discovery: which can be watched and
 * deleted (so the collector monitors them), and how an owner reference's apiVersion and kind map
 * to a resource.
 */
final class ResourceCatalog {

    /** Not monitored: high-volume objects that are never owners or dependents in practice. */
    private static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

    private final Map<String, ResourceDefinitionContext> byResource = new LinkedHashMap<>();
    private final Map<String, ResourceDefinitionContext> byKind = new LinkedHashMap<>();

    /** Reads discovery: every group's preferred version (and core v1). */
    static ResourceCatalog discover(KubernetesClient client) {
        ResourceCatalog c = new ResourceCatalog();
        c.add("v1", client.getApiResources("v1"));
        if (client.getApiGroups() != null && client.getApiGroups().getGroups() != null) {
            for (APIGroup g : client.getApiGroups().getGroups()) {
                if (g.getPreferredVersion() != null) {
                    String gv = g.getPreferredVersion().getGroupVersion();
                    c.add(gv, client.getApiResources(gv));
                }
            }
        }
        return c;
    }

    private void add(String groupVersion, APIResourceList list) {
        if (list == null || list.getResources() == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            if (r.getName().contains("/")) {
                continue; // subresource
            }
            ResourceDefinitionContext ctx = ResourceDefinitionContext.fromApiResource(groupVersion, r);
            byKind.put(kindKey(group(groupVersion), r.getKind()), ctx);
            List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
            if (verbs.containsAll(List.of("list", "watch", "delete"))
                    && !IGNORED.contains(group(groupVersion) + "/" + r.getName())) {
                byResource.put(group(groupVersion) + "/" + r.getName(), ctx);
            }
        }
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static String kindKey(String group, String kind) {
        return group + "|" + kind;
    }

    /** Resources to monitor, keyed "group/resource". */
    Map<String, ResourceDefinitionContext> monitored() {
        return byResource;
    }

    /** The resource of an owner reference (its group and kind; any served version reads it), or null. */
    ResourceDefinitionContext forOwner(String apiVersion, String kind) {
        return byKind.get(kindKey(group(apiVersion == null ? "" : apiVersion), kind));
    }

    static String key(ResourceDefinitionContext ctx) {
        return (ctx.getGroup() == null ? "" : ctx.getGroup()) + "/" + ctx.getPlural();
    }

    List<String> monitoredKeys() {
        return new ArrayList<>(byResource.keySet());
    }
}
