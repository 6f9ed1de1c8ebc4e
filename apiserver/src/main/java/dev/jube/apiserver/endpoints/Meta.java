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
