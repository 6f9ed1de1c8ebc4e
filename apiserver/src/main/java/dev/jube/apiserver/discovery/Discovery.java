package dev.jube.apiserver.discovery;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ActionSubresource;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents, all derived from the registry: legacy (/api, /apis, per group version)
 * and aggregated (apidiscovery.k8s.io/v2, one request for everything, as kubectl 1.32 asks).
 */
public final class Discovery {

    private final ResourceRegistry registry;

    public Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** GET /api */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", serverAddress);
        return o;
    }

    /** GET /apis */
    public ObjectNode apiGroupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String g : registry.groups()) {
            groups.add(apiGroup(g));
        }
        return o;
    }

    /** GET /apis/GROUP, or null when the group is not served. */
    public ObjectNode apiGroup(String group) {
        List<String> versions = registry.versions(group);
        if (versions.isEmpty()) {
            return null;
        }
        ObjectNode g = Json.object();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", group + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", group + "/" + versions.getFirst());
        preferred.put("version", versions.getFirst());
        return g;
    }

    /** GET /api/v1 or /apis/GROUP/VERSION, or null when not served. */
    public ObjectNode apiResourceList(String group, String version) {
        List<ResourceDescriptor> kinds = registry.groupVersion(group, version);
        if (kinds.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        for (ResourceDescriptor d : kinds) {
            ObjectNode r = resources.addObject();
            r.put("name", d.resource());
            r.put("singularName", d.singular());
            r.put("namespaced", d.namespaced());
            r.put("kind", d.kind());
            strings(r.putArray("verbs"), d.verbs());
            if (!d.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), d.shortNames());
            }
            if (!d.categories().isEmpty()) {
                strings(r.putArray("categories"), d.categories());
            }
            for (String sub : d.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", d.resource() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", d.namespaced());
                s.put("kind", d.kind());
                strings(s.putArray("verbs"), sub.equals("finalize") ? List.of("update") : List.of("get", "patch", "update"));
            }
            for (ActionSubresource a : d.actions()) {
                ObjectNode s = resources.addObject();
                s.put("name", d.resource() + "/" + a.name());
                s.put("singularName", "");
                s.put("namespaced", d.namespaced());
                if (!a.group().equals(d.group()) || !a.version().equals(d.version())) {
                    s.put("group", a.group());
                    s.put("version", a.version());
                }
                s.put("kind", a.kind());
                strings(s.putArray("verbs"), a.verbs());
            }
        }
        return o;
    }

    /** The aggregated document for /api ({@code core} true) or /apis. */
    public ObjectNode aggregated(boolean core, String version) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupDiscoveryList");
        o.put("apiVersion", "apidiscovery.k8s.io/" + version);
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        List<String> groups = core ? List.of("") : registry.groups();
        for (String group : groups) {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            meta.put("name", group);
            meta.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String v : group.isEmpty() ? List.of("v1") : registry.versions(group)) {
                ObjectNode gv = versions.addObject();
                gv.put("version", v);
                ArrayNode resources = gv.putArray("resources");
                for (ResourceDescriptor d : registry.groupVersion(group, v)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", d.resource());
                    r.set("responseKind", responseKind(d));
                    r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", d.singular());
                    strings(r.putArray("verbs"), d.verbs());
                    if (!d.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), d.shortNames());
                    }
                    if (!d.categories().isEmpty()) {
                        strings(r.putArray("categories"), d.categories());
                    }
                    if (!d.subresources().isEmpty() || !d.actions().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String sub : d.subresources()) {
                            ObjectNode s = subs.addObject();
                            s.put("subresource", sub);
                            s.set("responseKind", responseKind(d));
                            strings(s.putArray("verbs"), sub.equals("finalize") ? List.of("update")
                                    : List.of("get", "patch", "update"));
                        }
                        for (ActionSubresource a : d.actions()) {
                            ObjectNode s = subs.addObject();
                            s.put("subresource", a.name());
                            ObjectNode kind = s.putObject("responseKind");
                            kind.put("group", a.group());
                            kind.put("version", a.version());
                            kind.put("kind", a.kind());
                            strings(s.putArray("verbs"), a.verbs());
                        }
                    }
                }
                gv.put("freshness", "Current");
            }
        }
        return o;
    }

    private static ObjectNode responseKind(ResourceDescriptor d) {
        ObjectNode k = Json.object();
        k.put("group", d.group());
        k.put("version", d.version());
        k.put("kind", d.kind());
        return k;
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
