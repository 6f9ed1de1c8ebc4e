package dev.jube.apiserver.endpoints;

import dev.jube.api.selector.LabelSelector;
import dev.jube.apiserver.auth.UserInfo;
import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST .../namespaces/NS/pods/NAME/eviction} (policy/v1 Eviction, policy/v1beta1 too, as
 * kubectl drain may send), with upstream's semantics: a pod that is terminal, pending or already
 * being deleted is deleted at once; otherwise the one PodDisruptionBudget selecting it must allow
 * a disruption, which is taken from its status (recording the pod in status.disruptedPods for
 * the disruption controller) before the pod is deleted with the eviction's deleteOptions. No
 * budget left is 429; more than one budget is 500, as upstream.
 */
final class PodEviction {

    private static final int MAX_ATTEMPTS = 16;
    /** Upstream's cap on disruptedPods entries not yet confirmed by the disruption controller. */
    private static final int MAX_DISRUPTED_PODS = 2000;
    private static final Set<String> API_VERSIONS = Set.of("policy/v1", "policy/v1beta1");

    private final ResourceRegistry registry;
    private final HandlerContext ctx;
    private final ResourceHandler resources;

    PodEviction(ResourceRegistry registry, HandlerContext ctx, ResourceHandler resources) {
        this.registry = registry;
        this.ctx = ctx;
        this.resources = resources;
    }

    static boolean handles(RequestInfo info) {
        return info.group().isEmpty() && "v1".equals(info.version()) && "pods".equals(info.resource())
                && "eviction".equals(info.subresource()) && info.name() != null;
    }

    void serve(ApiRequest req, RequestInfo info, UserInfo user, Responder resp) {
        ResourceDescriptor pods = registry.find("", "v1", "pods").orElseThrow(ApiException::pathNotFound);
        if (!"create".equals(info.verb())) {
            throw ApiException.methodNotSupported(info.verb(), pods);
        }
        if (info.namespace() == null) {
            throw ApiException.pathNotFound();
        }
        ObjectNode eviction = Bodies.object(req);
        String kind = Json.text(eviction, "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals("Eviction")) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type Eviction): kind \""
                    + kind + "\" does not match the resource pods/eviction");
        }
        String apiVersion = Json.text(eviction, "apiVersion");
        if (apiVersion != null && !apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (policy/v1)");
        }
        if (!info.name().equals(Json.text(eviction, "metadata", "name"))) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        String ns = Json.text(eviction, "metadata", "namespace");
        if (ns != null && !ns.isEmpty() && !ns.equals(info.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                    + "the request");
        }
        DeleteOptions options = DeleteOptions.of(eviction.get("deleteOptions"));
        if (options == null) {
            options = new DeleteOptions(null, null, null, false, null);
        }
        Request podRequest = new Request(req, new RequestInfo("", "v1", info.namespace(), "pods", info.name(), null,
                "delete"), pods, user, resp);
        boolean dryRun = podRequest.dryRun() || options.dryRun();
        evict(pods, podRequest, options, dryRun);
        resp.send(201, "application/json", Json.bytes(ApiException.status(201, null, null, null)));
    }

    private void evict(ResourceDescriptor pods, Request r, DeleteOptions options, boolean dryRun) {
        String key = pods.storageKey(r.namespace(), r.name());
        boolean allowed = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !allowed; attempt++) {
            Versioned current = ctx.storage().get(key);
            if (current == null) {
                throw ApiException.notFound(pods, r.name());
            }
            allowed = canIgnoreBudget(current.object()) || takeDisruption(current.object(), dryRun);
        }
        if (!allowed) {
            throw ApiException.conflict(pods, r.name(), "the disruption budget kept changing during the eviction; "
                    + "please retry");
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned current = ctx.storage().get(key);
            if (current == null) {
                throw ApiException.notFound(pods, r.name());
            }
            if (dryRun || markDisruptionTarget(key, current)) {
                resources.deleteOne(r, key, r.name(), options, dryRun);
                return;
            }
        }
        throw ApiException.conflict(pods, r.name(), "the pod kept changing during the eviction; please retry");
    }

    /** Pods that disrupt nothing by going away: terminal, not started, or already being deleted. */
    private static boolean canIgnoreBudget(ObjectNode pod) {
        String phase = Json.text(pod, "status", "phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase) || "Pending".equals(phase) || phase == null
                || Meta.deleting(pod);
    }

    /**
     * Takes one disruption from the budget that selects the pod, if any; false when the budget
     * changed meanwhile (the caller tries again), an exception when the eviction is refused.
     */
    private boolean takeDisruption(ObjectNode pod, boolean dryRun) {
        ResourceDescriptor budgets = registry.find("policy", "v1", "poddisruptionbudgets")
                .orElseThrow(ApiException::pathNotFound);
        List<Versioned> matching = matchingBudgets(budgets, pod);
        if (matching.isEmpty()) {
            return true;
        }
        if (matching.size() > 1) {
            throw ApiException.internal("This pod has more than one PodDisruptionBudget, which the eviction "
                    + "subresource does not support.");
        }
        Versioned budget = matching.getFirst();
        ObjectNode pdb = budget.object().deepCopy();
        String pdbName = Meta.name(pdb);
        JsonNode status = pdb.path("status");
        if (!ready(pod)) {
            String policy = pdb.path("spec").path("unhealthyPodEvictionPolicy").asString("IfHealthyBudget");
            long desired = status.path("desiredHealthy").asLong(0);
            if (policy.equals("AlwaysAllow")
                    || (status.path("currentHealthy").asLong(0) >= desired && desired > 0)) {
                return true;
            }
        }
        if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
            throw tooManyRequests("The disruption budget " + pdbName + " is still being processed by the server.");
        }
        long allowed = status.path("disruptionsAllowed").asLong(0);
        if (allowed < 0) {
            throw ApiException.forbidden("poddisruptionbudget.policy \"" + pdbName
                    + "\" is forbidden: pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw ApiException.forbidden("poddisruptionbudget.policy \"" + pdbName + "\" is forbidden: DisruptedPods "
                    + "map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw tooManyRequests("The disruption budget " + pdbName + " needs " + status.path("desiredHealthy")
                    .asLong(0) + " healthy pods and has " + status.path("currentHealthy").asLong(0) + " currently");
        }
        if (dryRun) {
            return true;
        }
        ObjectNode newStatus = Json.child(pdb, "status");
        newStatus.put("disruptionsAllowed", allowed - 1);
        if (allowed - 1 == 0) {
            insufficientPods(newStatus);
        }
        Json.child(newStatus, "disruptedPods").put(Meta.name(pod), Json.timestamp(Instant.now()));
        Meta.of(pdb).remove("resourceVersion");
        return ctx.storage().update(budget.key(), pdb, budget.modRevision()).succeeded();
    }

    private List<Versioned> matchingBudgets(ResourceDescriptor budgets, ObjectNode pod) {
        Map<String, String> labels = new HashMap<>();
        pod.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        String prefix = budgets.storagePrefix(Meta.get(pod, "namespace"));
        List<Versioned> matching = new ArrayList<>();
        for (Versioned v : ctx.storage().list(prefix, prefix, 0, 0).items()) {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromJson(v.object().path("spec").get("selector"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // A budget with no or an empty selector matches nothing, as upstream.
            if (!selector.isEverything() && !selector.isNothing() && selector.matches(labels)) {
                matching.add(v);
            }
        }
        return matching;
    }

    private static boolean ready(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                return "True".equals(c.path("status").asString(""));
            }
        }
        return false;
    }

    /** The budget's DisruptionAllowed condition once no disruption is left, as the disruption controller sets it. */
    private static void insufficientPods(ObjectNode status) {
        JsonNode existing = status.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode a ? a : status.putArray("conditions");
        ObjectNode cond = null;
        for (JsonNode c : conditions) {
            if (c instanceof ObjectNode o && "DisruptionAllowed".equals(o.path("type").asString(""))) {
                cond = o;
            }
        }
        if (cond == null) {
            cond = conditions.addObject();
            cond.put("type", "DisruptionAllowed");
        }
        if (!"False".equals(cond.path("status").asString(""))) {
            cond.put("lastTransitionTime", Json.timestamp(Instant.now()));
        }
        cond.put("status", "False");
        cond.put("reason", "InsufficientPods");
        cond.put("message", "");
        cond.put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    /**
     * Adds the DisruptionTarget condition (reason EvictionByEvictionAPI) to a pod that is not
     * terminal, as upstream does before deleting it; false when the pod changed meanwhile.
     */
    private boolean markDisruptionTarget(String key, Versioned current) {
        ObjectNode pod = current.object().deepCopy();
        String phase = Json.text(pod, "status", "phase");
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        ObjectNode status = Json.child(pod, "status");
        JsonNode existing = status.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode a ? a : status.putArray("conditions");
        for (JsonNode c : conditions) {
            if ("DisruptionTarget".equals(c.path("type").asString(""))
                    && "True".equals(c.path("status").asString(""))) {
                return true;
            }
        }
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if ("DisruptionTarget".equals(conditions.get(i).path("type").asString(""))) {
                conditions.remove(i);
            }
        }
        ObjectNode cond = conditions.addObject();
        cond.put("type", "DisruptionTarget");
        cond.put("status", "True");
        cond.putNull("lastProbeTime");
        cond.put("lastTransitionTime", Json.timestamp(Instant.now()));
        cond.put("reason", "EvictionByEvictionAPI");
        cond.put("message", "Eviction API: evicting");
        Meta.of(pod).remove("resourceVersion");
        return ctx.storage().update(key, pod, current.modRevision()).succeeded();
    }

    private static ApiException tooManyRequests(String cause) {
        ObjectNode details = Json.object();
        ObjectNode c = details.putArray("causes").addObject();
        c.put("reason", "DisruptionBudget");
        c.put("message", cause);
        return new ApiException(429, "TooManyRequests",
                "Cannot evict pod as it would violate the pod's disruption budget.", details);
    }
}
