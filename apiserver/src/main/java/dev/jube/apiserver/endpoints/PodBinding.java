package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.storage.ObjectStorage.WriteResult;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binding a pod to a node: {@code POST .../namespaces/NS/pods/NAME/binding} (what schedulers use)
 * and the older {@code POST .../namespaces/NS/bindings}. Sets spec.nodeName only while it is
 * empty (409 otherwise, as upstream), copies the binding's annotations onto the pod, and marks the
 * pod PodScheduled=True. Answers 201 with a Success Status.
 */
final class PodBinding {

    private static final int MAX_CAS_RETRIES = 16;

    private final ResourceRegistry registry;
    private final HandlerContext ctx;

    PodBinding(ResourceRegistry registry, HandlerContext ctx) {
        this.registry = registry;
        this.ctx = ctx;
    }

    /** Whether the path is the pod binding subresource or the bindings collection. */
    static boolean handles(RequestInfo info) {
        if (!info.group().isEmpty() || !"v1".equals(info.version())) {
            return false;
        }
        return ("pods".equals(info.resource()) && "binding".equals(info.subresource()) && info.name() != null)
                || ("bindings".equals(info.resource()) && info.subresource() == null);
    }

    void serve(ApiRequest req, RequestInfo info, Responder resp) {
        ResourceDescriptor pods = registry.find("", "v1", "pods").orElseThrow(ApiException::pathNotFound);
        boolean subresource = "pods".equals(info.resource());
        if (!"create".equals(info.verb()) || (!subresource && info.name() != null)) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                    + "resource", null);
        }
        if (info.namespace() == null) {
            throw ApiException.pathNotFound();
        }
        ObjectNode binding = Bodies.object(req);
        String kind = Json.text(binding, "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals("Binding")) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type Binding): kind \""
                    + kind + "\" does not match the resource pods/binding");
        }
        String name = Json.text(binding, "metadata", "name");
        if (subresource) {
            if (name != null && !name.isEmpty() && !name.equals(info.name())) {
                throw ApiException.badRequest("name in URL does not match name in Binding object");
            }
            name = info.name();
        } else if (name == null || name.isEmpty()) {
            throw invalid("", "metadata.name", "Required value", "FieldValueRequired", "name or generateName is required");
        }
        String ns = Json.text(binding, "metadata", "namespace");
        if (ns != null && !ns.isEmpty() && !ns.equals(info.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                    + "the request");
        }
        String targetKind = Json.text(binding, "target", "kind");
        if (targetKind != null && !targetKind.isEmpty() && !targetKind.equals("Node")) {
            throw invalid(name, "target.kind", "Unsupported value: \"" + targetKind
                    + "\": supported values: \"Node\", \"<empty>\"", "FieldValueNotSupported", "");
        }
        String node = Json.text(binding, "target", "name");
        if (node == null || node.isEmpty()) {
            throw invalid(name, "target.name", "Required value", "FieldValueRequired", "");
        }
        boolean dryRun = dryRun(req);
        assign(pods, info.namespace(), name, node, binding, dryRun);
        ObjectNode status = ApiException.status(201, null, null, null);
        resp.send(201, "application/json", Json.bytes(status));
    }

    private static boolean dryRun(ApiRequest req) {
        String v = req.param("dryRun");
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("All")) {
            throw ApiException.badRequest("Invalid dry run value: \"" + v + "\": supported values: \"All\"");
        }
        return true;
    }

    private void assign(ResourceDescriptor pods, String namespace, String name, String node, ObjectNode binding,
                        boolean dryRun) {
        String key = pods.storageKey(namespace, name);
        String uid = Json.text(binding, "metadata", "uid");
        String rv = Json.text(binding, "metadata", "resourceVersion");
        for (int attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
            Versioned current = ctx.storage().get(key);
            if (current == null) {
                throw ApiException.notFound(pods, name);
            }
            ObjectNode pod = current.object().deepCopy();
            String podUid = Json.text(pod, "metadata", "uid");
            if (uid != null && !uid.isEmpty() && !uid.equals(podUid)) {
                throw ApiException.conflict(pods, name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + podUid);
            }
            if (rv != null && !rv.isEmpty() && !rv.equals(Long.toString(current.modRevision()))) {
                throw ApiException.staleUpdate(pods, name);
            }
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                throw conflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String assigned = Json.text(pod, "spec", "nodeName");
            if (assigned != null && !assigned.isEmpty()) {
                throw conflict(name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
            }
            Json.child(pod, "spec").put("nodeName", node);
            JsonNode annotations = binding.path("metadata").path("annotations");
            if (annotations.isObject() && !annotations.isEmpty()) {
                ObjectNode target = Json.child(Json.child(pod, "metadata"), "annotations");
                annotations.properties().forEach(e -> target.set(e.getKey(), e.getValue()));
            }
            markScheduled(pod);
            if (dryRun) {
                return;
            }
            WriteResult w = ctx.storage().update(key, pod, current.modRevision());
            if (w.succeeded()) {
                return;
            }
            if (w.current() == null) {
                throw ApiException.notFound(pods, name);
            }
        }
        throw ApiException.staleUpdate(pods, name);
    }

    private static void markScheduled(ObjectNode pod) {
        ObjectNode status = Json.child(pod, "status");
        JsonNode existing = status.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode a ? a : status.putArray("conditions");
        ObjectNode cond = null;
        for (JsonNode c : conditions) {
            if (c instanceof ObjectNode o && "PodScheduled".equals(o.path("type").asString(""))) {
                cond = o;
            }
        }
        if (cond == null) {
            cond = conditions.addObject();
            cond.put("type", "PodScheduled");
        } else if ("True".equals(cond.path("status").asString(""))) {
            return;
        }
        cond.put("status", "True");
        cond.putNull("lastProbeTime");
        cond.put("lastTransitionTime", Json.timestamp(Instant.now()));
        cond.remove("reason");
        cond.remove("message");
    }

    private static ApiException conflict(String name, String why) {
        ObjectNode details = Json.object();
        details.put("name", name);
        details.put("kind", "pods/binding");
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name + "\": " + why,
                details);
    }

    private static ApiException invalid(String name, String field, String detail, String causeReason, String extra) {
        ObjectNode details = Json.object();
        details.put("name", name);
        details.put("kind", "Binding");
        ObjectNode cause = details.putArray("causes").addObject();
        cause.put("reason", causeReason);
        cause.put("message", detail + (extra.isEmpty() ? "" : ": " + extra));
        cause.put("field", field);
        return new ApiException(422, "Invalid", "Binding \"" + name + "\" is invalid: " + field + ": " + detail
                + (extra.isEmpty() ? "" : ": " + extra), details);
    }
}
