package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the ObjectMeta fields the generic handlers manage. */
final class Meta {

    private Meta() {}

    static ObjectNode of(ObjectNode obj) {
        return Json.child(obj, "metadata");
    }

    static String get(ObjectNode obj, String field) {
        JsonNode meta = obj.get("metadata");
        if (meta == null || !meta.isObject()) {
            return null;
        }
        JsonNode v = meta.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static String name(ObjectNode obj) {
        return get(obj, "name");
    }

    static String resourceVersion(ObjectNode obj) {
        String rv = get(obj, "resourceVersion");
        return rv == null || rv.isEmpty() ? null : rv;
    }

    static boolean hasFinalizers(ObjectNode obj) {
        JsonNode f = obj.path("metadata").get("finalizers");
        return f != null && f.isArray() && !f.isEmpty();
    }

    static boolean deleting(ObjectNode obj) {
        return get(obj, "deletionTimestamp") != null;
    }

    /** Copies a metadata field from {@code from} to {@code to}, removing it when absent there. */
    static void keep(ObjectNode to, ObjectNode from, String field) {
        JsonNode v = from.path("metadata").get(field);
        if (v == null || v.isMissingNode()) {
            of(to).remove(field);
        } else {
            of(to).set(field, v.deepCopy());
        }
    }

    /**
     * Drops empty optional ObjectMeta fields (labels, annotations, finalizers, ownerReferences,
     * generateName), which upstream never writes: its typed objects omit them when empty.
     */
    static void dropEmpty(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (!(m instanceof ObjectNode meta)) {
            return;
        }
        for (String field : new String[] {"labels", "annotations", "finalizers", "ownerReferences", "generateName"}) {
            JsonNode v = meta.get(field);
            if (v != null && (v.isNull() || v.isContainer() && v.isEmpty() || v.isString() && v.asString().isEmpty())) {
                meta.remove(field);
            }
        }
    }

    /** Everything that counts as the object's desired state, for generation bumps. */
    static ObjectNode specPart(ObjectNode obj, boolean statusIsSeparate) {
        ObjectNode copy = obj.deepCopy();
        copy.remove("metadata");
        copy.remove("kind");
        copy.remove("apiVersion");
        if (statusIsSeparate) {
            copy.remove("status");
        }
        return copy;
    }
}
