package dev.jube.apiserver.endpoints;

import dev.jube.api.apply.ApplyConflictException;
import dev.jube.api.apply.ApplyException;
import dev.jube.api.apply.FieldManagerOptions;
import dev.jube.api.apply.FieldPath;
import dev.jube.api.apply.FieldSet;
import dev.jube.api.apply.ManagedFields;
import dev.jube.api.apply.ManagedFieldsEntry;
import dev.jube.api.apply.Schema;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * metadata.managedFields on every write, as upstream's field manager keeps them: which manager
 * (the fieldManager parameter, else the client's user agent) set which fields, by Update or
 * Apply; and the translation of apply failures into Status answers.
 */
final class FieldTracking {

    private FieldTracking() {}

    /**
     * The field schema server-side apply merges with: upstream's for built-in kinds, a custom
     * resource's from its CRD schema (list types and map keys), deduced for others.
     */
    static Schema schema(ResourceDescriptor d) {
        if (d.builtin()) {
            return Schema.forKind(d.apiVersion(), d.kind());
        }
        return d.openApiSchema() != null ? Schema.fromOpenApi(d.openApiSchema()) : Schema.DEDUCED;
    }

    /**
     * Per-request options: the subresource written through, and the fields that endpoint resets
     * (status through the main resource of kinds with a status subresource, spec through /status).
     */
    static FieldManagerOptions options(Request r) {
        String sub = r.info().subresource();
        FieldManagerOptions o = FieldManagerOptions.DEFAULT.withSubresource(sub);
        if (r.descriptor().hasStatus()) {
            o = o.withIgnoredFields(FieldSet.of(FieldPath.fields("status".equals(sub) ? "spec" : "status")));
        }
        return o;
    }

    /**
     * The manager of a write: the fieldManager parameter, else the user agent's product name.
     * {@code options} names the options kind in the 422 upstream gives for a bad name
     * (CreateOptions, UpdateOptions, PatchOptions).
     */
    static String manager(Request r, String options) {
        String manager = r.http().param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            return ManagedFields.managerFromUserAgent(r.http().header("user-agent"));
        }
        String problem = ManagedFields.validateManagerName(manager);
        if (problem != null) {
            throw invalidOptions(options, problem);
        }
        return manager;
    }

    /** The object to store after an ordinary write (create, update, non-apply patch), with its managedFields. */
    static ObjectNode trackUpdate(Request r, ObjectNode old, ObjectNode updated, String options) {
        return ManagedFields.update(old, updated, manager(r, options), ManagedFieldsEntry.UPDATE,
                schema(r.descriptor()), options(r));
    }

    static ApiException invalidOptions(String options, String problem) {
        return new ApiException(422, "Invalid", options + ".meta.k8s.io \"\" is invalid: " + problem, null);
    }

    /** 409 Conflict with one FieldManagerConflict cause per field, as upstream's NewApplyConflict. */
    static ApiException conflict(ApplyConflictException e) {
        ObjectNode details = Json.object();
        ArrayNode causes = details.putArray("causes");
        for (ApplyConflictException.Conflict c : e.conflicts()) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", ApplyConflictException.CAUSE_REASON);
            cause.put("message", c.causeMessage());
            cause.put("field", c.field());
        }
        return new ApiException(409, "Conflict", e.getMessage(), details);
    }

    static ApiException failure(ResourceDescriptor d, String name, ApplyException e) {
        return switch (e.kind()) {
            case BAD_REQUEST -> ApiException.badRequest(e.getMessage());
            case INVALID -> ApiException.invalid(d, name, e.errors());
            case INTERNAL -> ApiException.internal(e.getMessage());
        };
    }
}
