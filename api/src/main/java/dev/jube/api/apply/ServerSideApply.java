package dev.jube.api.apply;

import dev.jube.api.validation.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) with the
 * semantics of upstream's structured-merge-diff and field manager:
 * <ul>
 *   <li>the applied configuration merges into the live object ({@link Schema} decides how
 *       lists and objects merge), and the applier's entry becomes exactly the fields it
 *       applied;</li>
 *   <li>changing a field another manager owns is a conflict, unless forced, which moves the
 *       field to the applier; applying the same value shares ownership;</li>
 *   <li>fields the applier applied last time but no longer does are removed, unless another
 *       manager owns them;</li>
 *   <li>an object with no managedFields first gets its fields owned by "before-first-apply";</li>
 *   <li>the manager "kubectl" takes over, without conflicts, the fields its client-side
 *       last-applied-configuration annotation set (and keeps that annotation current).</li>
 * </ul>
 */
public final class ServerSideApply {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Upstream's limit on the total size of an object's annotations. */
    static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
    private static final String KUBECTL = "kubectl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServerSideApply() {
    }

    /** {@link #apply(ObjectNode, ObjectNode, String, boolean, Schema, FieldManagerOptions)} with defaults. */
    public static ApplyResult apply(ObjectNode live, ObjectNode applied, String manager, boolean force, Schema schema) {
        return apply(live, applied, manager, force, schema, FieldManagerOptions.DEFAULT);
    }

    /**
     * Applies a configuration.
     *
     * @param live    the stored object, or null when the apply creates it
     * @param applied the applied configuration (a partial object with apiVersion and kind);
     *                not modified
     * @param manager the {@code fieldManager} parameter (required)
     * @param force   the {@code force} parameter: take conflicting fields instead of failing
     * @return the object to store and whether it changed
     * @throws ApplyConflictException on conflicts without force (409)
     * @throws ApplyException         for a malformed request or configuration
     */
    public static ApplyResult apply(ObjectNode live, ObjectNode applied, String manager, boolean force,
                                    Schema schema, FieldManagerOptions options) {
        validate(live, applied, manager);
        List<ManagedFieldsEntry> stored;
        try {
            stored = live == null ? List.of() : ManagedFields.decode(live);
        } catch (IllegalArgumentException e) {
            throw ApplyException.internal("failed to decode managed fields: " + e.getMessage());
        }
        Managers managers = new Managers(stored);
        ObjectNode liveBase = live == null ? GoJsonNodes.object() : ManagedFields.withoutManagedFields(live);
        ObjectNode config = ManagedFields.withoutManagedFields(applied);
        String version = Nodes.text(applied, "apiVersion");
        Instant now = ManagedFields.now(options);
        FieldSet ignored = options.ignoredFields();

        if (live != null && managers.isEmpty()) {
            // Objects never tracked: what exists so far belongs to a placeholder updater.
            Comparison existing = Comparison.of(schema.emptyObject(), liveBase, schema).excluding(ignored);
            managers.recordUpdate(existing, new ManagedFieldsEntry.Identity(Managers.BEFORE_FIRST_APPLY,
                    ManagedFieldsEntry.UPDATE, version, options.subresource()), version, ignored, now);
        }

        ManagedFieldsEntry.Identity self = new ManagedFieldsEntry.Identity(manager, ManagedFieldsEntry.APPLY, "",
                options.subresource());
        FieldSet appliedFields = ObjectFields.of(config, schema, true).recursiveDifference(ignored);
        FieldSet lastFields = managers.fieldsOf(self);
        Instant previousTime = managers.entries.containsKey(self) ? managers.entries.get(self).time() : null;

        JsonNode merged = ApplyMerge.merge(liveBase, config, schema);
        managers.entries.put(self, new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, version, previousTime,
                appliedFields, options.subresource()));
        merged = prune(merged, managers, lastFields, schema);

        Comparison change = Comparison.of(liveBase, merged, schema).excluding(ignored);
        List<ApplyConflictException.Conflict> conflicts = conflictList(managers.conflicts(change, self));
        if (!conflicts.isEmpty() && !force) {
            if (KUBECTL.equals(manager)) {
                FieldSet allowed = takenOverFromClientSideApply(liveBase, version, schema);
                conflicts.removeIf(c -> allowed.has(c.path()));
            }
            if (!conflicts.isEmpty()) {
                throw new ApplyConflictException(conflicts);
            }
        }
        managers.settle(change, self);

        ObjectNode result = (ObjectNode) merged;
        Nodes.dropNewNulls(result, liveBase);
        boolean objectChanged = !Nodes.equal(liveBase, result);
        FieldSet owned = appliedFields.difference(Managers.STRIPPED);
        if (owned.isEmpty()) {
            managers.entries.remove(self);
        } else {
            managers.entries.put(self, new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, version,
                    objectChanged ? now : previousTime, owned, options.subresource()));
        }
        if (KUBECTL.equals(manager)) {
            keepLastAppliedCurrent(liveBase, result, config);
        }
        managers.capUpdateManagers();
        ManagedFields.setOn(result, managers.list());
        boolean changed = live == null || !Nodes.equal(live, result);
        return new ApplyResult(result, changed);
    }

    private static void validate(ObjectNode live, ObjectNode applied, String manager) {
        if (manager == null || manager.isEmpty()) {
            throw ApplyException.invalid(FieldError.required("fieldManager", "is required for apply patch"));
        }
        String problem = ManagedFields.validateManagerName(manager);
        if (problem != null) {
            throw ApplyException.badRequest(problem);
        }
        if (applied == null) {
            throw ApplyException.badRequest("the applied configuration must be an object");
        }
        String apiVersion = Nodes.text(applied, "apiVersion");
        String kind = Nodes.text(applied, "kind");
        if (kind == null || kind.isEmpty()) {
            throw ApplyException.badRequest("Object 'Kind' is missing in '" + GoJson.toJson(applied) + "'");
        }
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw ApplyException.badRequest("Object 'apiVersion' is missing in '" + GoJson.toJson(applied) + "'");
        }
        JsonNode meta = applied.get("metadata");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApplyException.badRequest("metadata must be an object");
        }
        if (ManagedFields.managedFieldsNode(applied) != null) {
            throw ApplyException.badRequest("metadata.managedFields must be nil");
        }
        String expected = Nodes.text(live, "apiVersion");
        if (expected != null && !expected.equals(apiVersion)) {
            throw ApplyException.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + apiVersion + ", expected: " + expected);
        }
    }

    /**
     * Removes what the applier applied last time and no longer does, unless some manager
     * (the applier's new configuration included) still owns it; fields that were never the
     * applier's stay.
     */
    private static JsonNode prune(JsonNode merged, Managers managers, FieldSet lastFields, Schema schema) {
        if (lastFields.isEmpty()) {
            return merged;
        }
        FieldSet last = lastFields.withNamedFieldsAsMembers(schema);
        FieldSet managed = managers.allFields().withNamedFieldsAsMembers(schema);
        FieldSet mergedSet = ObjectFields.of(merged, schema, false).withNamedFieldsAsMembers(schema);
        JsonNode pruned = ItemRemoval.remove(merged, last, schema);
        FieldSet prunedSet = ObjectFields.of(pruned, schema, false).withNamedFieldsAsMembers(schema);
        // Add back what anybody owns.
        pruned = ItemRemoval.remove(merged, mergedSet.difference(prunedSet.union(managed)), schema);
        prunedSet = ObjectFields.of(pruned, schema, false).withNamedFieldsAsMembers(schema);
        // Remove only what was the applier's.
        return ItemRemoval.remove(merged, mergedSet.difference(prunedSet).intersection(last), schema);
    }

    private static List<ApplyConflictException.Conflict> conflictList(
            Map<ManagedFieldsEntry.Identity, FieldSet> byManager) {
        List<ApplyConflictException.Conflict> out = new ArrayList<>();
        byManager.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.json().compareTo(b.json())))
                .forEach(e -> {
                    var id = e.getKey();
                    for (FieldPath p : e.getValue().paths()) {
                        out.add(new ApplyConflictException.Conflict(id.manager(), id.operation(), id.apiVersion(),
                                id.subresource(), p));
                    }
                });
        return out;
    }

    /**
     * The fields kubectl's client-side apply set (its last-applied annotation) that still have
     * those values: "kubectl" may take them without conflict when it moves to server-side apply.
     */
    private static FieldSet takenOverFromClientSideApply(ObjectNode liveBase, String version, Schema schema) {
        String text = annotation(liveBase, LAST_APPLIED);
        if (text == null || text.isEmpty()) {
            return FieldSet.empty();
        }
        JsonNode lastApplied;
        try {
            lastApplied = JSON.readTree(text);
        } catch (JacksonException e) {
            return FieldSet.empty();
        }
        if (!lastApplied.isObject() || !version.equals(Nodes.text(lastApplied, "apiVersion"))) {
            return FieldSet.empty();
        }
        try {
            FieldSet set = ObjectFields.of(lastApplied, schema, false);
            Comparison c = Comparison.of(lastApplied, liveBase, schema);
            return set.difference(c.modified()).difference(c.added()).difference(c.removed());
        } catch (ApplyException e) {
            return FieldSet.empty();
        }
    }

    /** When the live object has kubectl's last-applied annotation, it follows the server-side applies. */
    private static void keepLastAppliedCurrent(ObjectNode liveBase, ObjectNode result, ObjectNode config) {
        if (annotation(liveBase, LAST_APPLIED) == null) {
            return;
        }
        ObjectNode copy = config.deepCopy();
        ObjectNode meta = Nodes.metadata(copy);
        if (meta != null && meta.get("annotations") instanceof ObjectNode a) {
            a.remove(LAST_APPLIED);
        }
        String value = GoJson.toJson(copy) + "\n";
        ObjectNode resultMeta = Nodes.metadata(result);
        if (resultMeta == null) {
            resultMeta = result.putObject("metadata");
        }
        ObjectNode annotations = resultMeta.get("annotations") instanceof ObjectNode a ? a : resultMeta.putObject("annotations");
        annotations.put(LAST_APPLIED, value);
        int size = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            size += e.getKey().length() + (e.getValue().isString() ? e.getValue().stringValue().length() : 0);
        }
        if (size > MAX_ANNOTATIONS_BYTES) {
            annotations.remove(LAST_APPLIED);
        }
    }

    private static String annotation(JsonNode object, String name) {
        ObjectNode meta = Nodes.metadata(object);
        JsonNode annotations = meta == null ? null : meta.get("annotations");
        return annotations == null ? null : Nodes.text(annotations, name);
    }
}
