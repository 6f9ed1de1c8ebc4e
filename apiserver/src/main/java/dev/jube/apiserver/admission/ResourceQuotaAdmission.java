package dev.jube.apiserver.admission;

import dev.jube.api.Quantity;
import dev.jube.apiserver.endpoints.ApiException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.store.RangeRequest;
import dev.jube.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ResourceQuota admission plugin, for creations: an object that would take a
 * namespace's use of a resource over a quota's limit is refused (403 "exceeded quota: NAME,
 * requested: ..., used: ..., limited: ..."), and an admitted one is added to the quotas'
 * status.used at once (compare-and-swap), so creations racing the quota controller cannot
 * overshoot. The quota controller recounts status.used from the objects themselves.
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {

    private static final String QUOTAS = "/registry/resourcequotas/";
    private static final int MAX_ATTEMPTS = 10;

    private final ObjectStorage storage;

    public ResourceQuotaAdmission(Store store) {
        this.storage = new ObjectStorage(store);
    }

    @Override
    public void admit(AdmissionRequest request) {
        if (request.operation() != AdmissionRequest.Operation.CREATE || request.subresource() != null
                || request.namespace() == null || request.namespace().isEmpty() || request.object() == null) {
            return;
        }
        Map<String, Quantity> delta = usage(request.descriptor(), request.object());
        if (delta.isEmpty()) {
            return;
        }
        String prefix = QUOTAS + request.namespace() + "/";
        if (request.objects().list(prefix).isEmpty() && !anyStored(prefix)) {
            return;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Versioned> quotas = storage.list(prefix, prefix, 0, 0).items();
            List<Versioned> charged = new ArrayList<>();
            List<ObjectNode> updated = new ArrayList<>();
            for (Versioned v : quotas) {
                ObjectNode quota = v.object();
                if (!request.descriptor().resource().equals("pods") || inScopes(quota, request.object())) {
                    ObjectNode charge = check(request, quota, delta);
                    if (charge != null) {
                        charged.add(v);
                        updated.add(charge);
                    }
                }
            }
            if (request.dryRun() || charged.isEmpty()) {
                return;
            }
            boolean all = true;
            for (int i = 0; i < charged.size() && all; i++) {
                all = storage.update(charged.get(i).key(), updated.get(i), charged.get(i).modRevision()).succeeded();
            }
            if (all) {
                return;
            }
            // Another write changed a quota between our read and write: check again against it.
        }
        throw ApiException.conflict(request.descriptor(), request.name(),
                "the namespace's resource quotas changed while this request was checked; please try again");
    }

    /** A quota created a moment ago may not be in the cache yet: a key count settles it without decoding. */
    private boolean anyStored(String prefix) {
        return storage.store().range(RangeRequest.prefix(prefix).withKeysOnly().withLimit(1)).kvs().size() > 0;
    }

    /**
     * Refuses the request if it exceeds {@code quota}; otherwise returns the quota with the
     * request added to status.used, or null if the quota limits none of its resources.
     */
    private static ObjectNode check(AdmissionRequest request, ObjectNode quota, Map<String, Quantity> delta) {
        Map<String, Quantity> hard = quantities(quota.path("status").path("hard"));
        Map<String, Quantity> used = quantities(quota.path("status").path("used"));
        List<String> limited = delta.keySet().stream().filter(hard::containsKey).sorted().toList();
        if (limited.isEmpty()) {
            return null;
        }
        String name = quota.path("metadata").path("name").asString("");
        List<String> unknown = limited.stream().filter(r -> !used.containsKey(r)).toList();
        if (!unknown.isEmpty()) {
            throw forbidden(request, "status unknown for quota: " + name + ", resources: " + String.join(",", unknown));
        }
        List<String> exceeded = limited.stream()
                .filter(r -> used.get(r).add(delta.get(r)).compareTo(hard.get(r)) > 0).toList();
        if (!exceeded.isEmpty()) {
            throw forbidden(request, "exceeded quota: " + name + ", requested: " + pretty(delta, exceeded)
                    + ", used: " + pretty(used, exceeded) + ", limited: " + pretty(hard, exceeded));
        }
        ObjectNode copy = quota.deepCopy();
        ObjectNode newUsed = ((ObjectNode) copy.get("status")).putObject("used");
        Map<String, Quantity> total = new TreeMap<>(used);
        limited.forEach(r -> total.put(r, used.get(r).add(delta.get(r))));
        total.forEach((k, v) -> newUsed.put(k, v.toString()));
        return copy;
    }

    private static ApiException forbidden(AdmissionRequest request, String message) {
        return ApiException.forbidden(request.descriptor().qualifiedResource() + " \""
                + (request.name() == null ? "" : request.name()) + "\" is forbidden: " + message);
    }

    private static String pretty(Map<String, Quantity> m, List<String> keys) {
        return keys.stream().map(k -> k + "=" + m.get(k)).collect(Collectors.joining(","));
    }

    private static Map<String, Quantity> quantities(JsonNode node) {
        Map<String, Quantity> result = new TreeMap<>();
        if (node instanceof ObjectNode o) {
            for (var e : o.properties()) {
                Quantity q = Quantity.tryParse(e.getValue().asString(""));
                if (q != null) {
                    result.put(e.getKey(), q);
                }
            }
        }
        return result;
    }

    private static Quantity one() {
        return Quantity.of(1, Quantity.Format.DECIMAL_SI);
    }

    /** What creating {@code obj} adds to each quota resource, as upstream's evaluators count it. */
    static Map<String, Quantity> usage(ResourceDescriptor d, ObjectNode obj) {
        Map<String, Quantity> u = new TreeMap<>();
        String resource = d.resource();
        u.put("count/" + d.qualifiedResource(), one());
        if (!d.group().isEmpty()) {
            return u;
        }
        switch (resource) {
            case "pods" -> {
                String phase = obj.path("status").path("phase").asString("");
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    return Map.of();
                }
                u.put("pods", one());
                for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
                    Quantity requests = podResources(obj.path("spec"), "requests", r);
                    u.put("requests." + r, requests);
                    u.put(r, requests);
                    u.put("limits." + r, podResources(obj.path("spec"), "limits", r));
                }
            }
            case "services" -> {
                String type = obj.path("spec").path("type").asString("ClusterIP");
                u.put("services", one());
                int ports = obj.path("spec").path("ports").size();
                boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer")
                        && obj.path("spec").path("allocateLoadBalancerNodePorts").asBoolean(true);
                u.put("services.nodeports", Quantity.of(nodePorts ? ports : 0, Quantity.Format.DECIMAL_SI));
                u.put("services.loadbalancers", Quantity.of(type.equals("LoadBalancer") ? 1 : 0,
                        Quantity.Format.DECIMAL_SI));
            }
            case "persistentvolumeclaims" -> {
                u.put("persistentvolumeclaims", one());
                Quantity storage = Quantity.tryParse(obj.path("spec").path("resources").path("requests")
                        .path("storage").asString(""));
                u.put("requests.storage", storage == null ? Quantity.ZERO : storage);
            }
            case "configmaps", "secrets", "resourcequotas", "replicationcontrollers" -> u.put(resource, one());
            default -> { }
        }
        return u;
    }

    /** The larger of the containers' sum and any init container, plus overhead (upstream's PodRequests). */
    private static Quantity podResources(JsonNode spec, String kind, String resource) {
        Quantity sum = Quantity.ZERO;
        for (JsonNode c : spec.path("containers")) {
            sum = sum.add(quantity(c.path("resources").path(kind).path(resource)));
        }
        for (JsonNode c : spec.path("initContainers")) {
            Quantity q = quantity(c.path("resources").path(kind).path(resource));
            if (q.compareTo(sum) > 0) {
                sum = q;
            }
        }
        return sum.add(quantity(spec.path("overhead").path(resource)));
    }

    private static Quantity quantity(JsonNode node) {
        Quantity q = node.isMissingNode() || node.isNull() ? null : Quantity.tryParse(node.asString(""));
        return q == null ? Quantity.ZERO : q;
    }

    /** Whether a pod falls in every scope of the quota (Terminating, NotTerminating, BestEffort, NotBestEffort). */
    private static boolean inScopes(ObjectNode quota, ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        boolean terminating = spec.has("activeDeadlineSeconds") && !spec.get("activeDeadlineSeconds").isNull();
        boolean bestEffort = true;
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : spec.path(list)) {
                if (c.path("resources").path("requests").size() > 0 || c.path("resources").path("limits").size() > 0) {
                    bestEffort = false;
                }
            }
        }
        for (JsonNode s : quota.path("spec").path("scopes")) {
            boolean in = switch (s.asString("")) {
                case "Terminating" -> terminating;
                case "NotTerminating" -> !terminating;
                case "BestEffort" -> bestEffort;
                case "NotBestEffort" -> !bestEffort;
                default -> true;
            };
            if (!in) {
                return false;
            }
        }
        return true;
    }
}
