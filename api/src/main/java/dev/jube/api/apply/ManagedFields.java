package dev.jube.api.apply;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.managedFields}: reading and writing the entries, and tracking what ordinary
 * writes (create, update, non-apply patch) change, as upstream's field manager does for the
 * Update operation.
 */
public final class ManagedFields {

    /** Longest field manager name upstream accepts. */
    public static final int MAX_MANAGER_LENGTH = 128;

    private ManagedFields() {
    }

    // ---------------------------------------------------------------- tracking updates

    /**
     * Records an ordinary write: the fields that {@code newObj} changes relative to
     * {@code oldObj} become owned by {@code manager} (taken from any other owner), removed
     * fields are forgotten by everybody, and the manager's entry for (manager, Update,
     * apiVersion of {@code newObj}, subresource) gets the current time. A write that changes
     * nothing a manager could own leaves the entries as they were.
     *
     * <p>The entries come from {@code newObj} when it carries any (clients may edit them), else
     * from {@code oldObj}; {@code managedFields: []} or {@code [{}]} in {@code newObj} resets them,
     * and writes through a subresource always keep {@code oldObj}'s. As upstream, a failure to
     * track (e.g. undecodable entries) does not fail the write: the result then has no
     * managedFields.
     *
     * @param oldObj    the stored object, or null on create
     * @param newObj    the object about to be stored (not modified)
     * @param manager   the field manager: the {@code fieldManager} parameter, else
     *                  {@link #managerFromUserAgent(String)}
     * @param operation must be {@link ManagedFieldsEntry#UPDATE}; applies go through {@link ServerSideApply}
     * @return a copy of {@code newObj} with its new managedFields
     */
    public static ObjectNode update(ObjectNode oldObj, ObjectNode newObj, String manager, String operation,
                                    Schema schema) {
        return update(oldObj, newObj, manager, operation, schema, FieldManagerOptions.DEFAULT);
    }

    /** {@link #update(ObjectNode, ObjectNode, String, String, Schema)} with per-request options. */
    public static ObjectNode update(ObjectNode oldObj, ObjectNode newObj, String manager, String operation,
                                    Schema schema, FieldManagerOptions options) {
        if (!ManagedFieldsEntry.UPDATE.equals(operation)) {
            throw new IllegalArgumentException("operation must be Update, not " + operation
                    + " (apply with ServerSideApply.apply)");
        }
        ObjectNode newBase = withoutManagedFields(newObj);
        try {
            Managers managers = new Managers(entriesForUpdate(oldObj, newObj, !options.subresource().isEmpty()));
            ObjectNode oldBase = oldObj == null ? schema.emptyObject() : withoutManagedFields(oldObj);
            String apiVersion = Nodes.text(newObj, "apiVersion");
            if (apiVersion == null || apiVersion.isEmpty()) {
                apiVersion = Nodes.text(oldObj, "apiVersion");
            }
            if (apiVersion == null || apiVersion.isEmpty()) {
                throw new IllegalArgumentException("the object has no apiVersion");
            }
            Comparison change = Comparison.of(oldBase, newBase, schema).excluding(options.ignoredFields());
            var id = new ManagedFieldsEntry.Identity(manager == null ? "" : manager, ManagedFieldsEntry.UPDATE,
                    apiVersion, options.subresource());
            managers.recordUpdate(change, id, apiVersion, options.ignoredFields(), now(options));
            managers.capUpdateManagers();
            setOn(newBase, managers.list());
            return newBase;
        } catch (ApplyException | IllegalArgumentException e) {
            return withoutManagedFields(newObj);
        }
    }

    private static List<ManagedFieldsEntry> entriesForUpdate(ObjectNode oldObj, ObjectNode newObj,
                                                             boolean subresource) {
        if (!subresource) {
            JsonNode sent = managedFieldsNode(newObj);
            if (isReset(sent)) {
                return List.of();
            }
            if (sent != null) {
                try {
                    List<ManagedFieldsEntry> decoded = decodeList(sent);
                    if (!decoded.isEmpty()) {
                        return decoded;
                    }
                } catch (IllegalArgumentException e) {
                    // Clients that do not understand managedFields must not lose them: use the stored ones.
                }
            }
        }
        try {
            return oldObj == null ? List.of() : decode(oldObj);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** A non-null empty list, or a list of one empty entry, asks to clear managedFields. */
    private static boolean isReset(JsonNode sent) {
        if (sent == null || !sent.isArray()) {
            return false;
        }
        return sent.isEmpty() || (sent.size() == 1 && sent.get(0).isObject() && sent.get(0).isEmpty());
    }

    /**
     * The default field manager of a request without a {@code fieldManager} parameter: the
     * user agent up to its first "/", printable characters only, at most 128 bytes (e.g.
     * "kubectl", "Go-http-client", "fabric8-kubernetes-client").
     */
    public static String managerFromUserAgent(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        int slash = userAgent.indexOf('/');
        String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < prefix.length(); ) {
            int cp = prefix.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || !Character.isDefined(cp)
                    || (Character.isWhitespace(cp) && cp != ' ')) {
                continue;
            }
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_MANAGER_LENGTH) {
                break;
            }
            bytes += len;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    /**
     * Checks a {@code fieldManager} parameter as upstream does: at most 128 characters, all
     * printable.
     *
     * @return the problem, or null when valid
     */
    public static String validateManagerName(String manager) {
        if (manager == null) {
            return null;
        }
        if (manager.length() > MAX_MANAGER_LENGTH) {
            return "fieldManager: Too long: may not be more than " + MAX_MANAGER_LENGTH + " bytes";
        }
        for (int i = 0; i < manager.length(); ) {
            int cp = manager.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                return "fieldManager: Invalid value: " + GoJson.toJson(GoJsonNodes.NODES.stringNode(manager))
                        + ": must only contain printable characters";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- codec

    /**
     * The entries of an object's {@code metadata.managedFields}; none when absent.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static List<ManagedFieldsEntry> decode(JsonNode object) {
        JsonNode list = managedFieldsNode(object);
        return list == null ? List.of() : decodeList(list);
    }

    static JsonNode managedFieldsNode(JsonNode object) {
        ObjectNode meta = Nodes.metadata(object);
        JsonNode list = meta == null ? null : meta.get("managedFields");
        return list == null || list.isNull() ? null : list;
    }

    private static List<ManagedFieldsEntry> decodeList(JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("metadata.managedFields must be a list");
        }
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(decodeEntry(list.get(i), i));
        }
        return out;
    }

    private static ManagedFieldsEntry decodeEntry(JsonNode e, int i) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("managed fields entry " + i + " must be an object");
        }
        String operation = Nodes.text(e, "operation");
        if (!ManagedFieldsEntry.APPLY.equals(operation) && !ManagedFieldsEntry.UPDATE.equals(operation)) {
            throw new IllegalArgumentException("operation must be `Apply` or `Update`");
        }
        String apiVersion = Nodes.text(e, "apiVersion");
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw new IllegalArgumentException("apiVersion must not be empty");
        }
        String fieldsType = Nodes.text(e, "fieldsType");
        if (fieldsType == null || fieldsType.isEmpty()) {
            throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
        }
        if (!ManagedFieldsEntry.FIELDS_TYPE.equals(fieldsType)) {
            throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
        }
        JsonNode fieldsV1 = e.get("fieldsV1");
        FieldSet fields = fieldsV1 == null || fieldsV1.isNull() ? FieldSet.empty() : FieldSet.parseFieldsV1(fieldsV1);
        Instant time = null;
        String t = Nodes.text(e, "time");
        if (t != null) {
            try {
                time = OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException("invalid time \"" + t + "\" in managed fields entry " + i);
            }
        }
        return new ManagedFieldsEntry(Nodes.text(e, "manager"), operation, apiVersion, time, fields,
                Nodes.text(e, "subresource"));
    }

    /**
     * The managedFields list for entries, in upstream's order (Apply before Update, then by
     * time, manager, apiVersion, subresource) and field order; entries owning nothing are left out.
     */
    public static ArrayNode encode(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.fields().isEmpty());
        sorted.sort(Comparator.comparing(ManagedFieldsEntry::operation)
                .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
                .thenComparing(ManagedFieldsEntry::manager)
                .thenComparing(ManagedFieldsEntry::apiVersion)
                .thenComparing(ManagedFieldsEntry::subresource));
        ArrayNode out = GoJsonNodes.array();
        for (ManagedFieldsEntry e : sorted) {
            ObjectNode o = out.addObject();
            if (!e.manager().isEmpty()) {
                o.put("manager", e.manager());
            }
            o.put("operation", e.operation());
            if (!e.apiVersion().isEmpty()) {
                o.put("apiVersion", e.apiVersion());
            }
            if (e.time() != null) {
                o.put("time", e.time().truncatedTo(ChronoUnit.SECONDS).toString());
            }
            o.put("fieldsType", ManagedFieldsEntry.FIELDS_TYPE);
            o.set("fieldsV1", e.fields().toFieldsV1Node());
            if (!e.subresource().isEmpty()) {
                o.put("subresource", e.subresource());
            }
        }
        return out;
    }

    /** Sets (or, for no entries, removes) {@code metadata.managedFields} on an object. */
    static void setOn(ObjectNode object, List<ManagedFieldsEntry> entries) {
        ArrayNode encoded = encode(entries);
        ObjectNode meta = Nodes.metadata(object);
        if (encoded.isEmpty()) {
            if (meta != null) {
                meta.remove("managedFields");
            }
            return;
        }
        if (meta == null) {
            meta = object.putObject("metadata");
        }
        meta.set("managedFields", encoded);
    }

    static ObjectNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = Nodes.metadata(copy);
        if (meta != null) {
            meta.remove("managedFields");
        }
        return copy;
    }

    static Instant now(FieldManagerOptions options) {
        return options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
