package dev.jube.api.apply;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shapes and equality of JSON values as the apply code needs them. */
final class Nodes {

    enum Shape {
        ABSENT, NULL, SCALAR, OBJECT, ARRAY;

        boolean container() {
            return this == OBJECT || this == ARRAY;
        }
    }

    private Nodes() {
    }

    static Shape shape(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return Shape.ABSENT;
        }
        if (n.isNull()) {
            return Shape.NULL;
        }
        if (n.isObject()) {
            return Shape.OBJECT;
        }
        return n.isArray() ? Shape.ARRAY : Shape.SCALAR;
    }

    /** Absent, null, or an empty object or list. */
    static boolean emptyish(JsonNode n) {
        return n == null || n.isNull() || (n.isContainer() && n.isEmpty());
    }

    /** JSON equality with numbers compared by value (1 equals 1.0, int equals long). */
    static boolean equal(JsonNode a, JsonNode b) {
        return JsonOrder.compare(a, b) == 0;
    }

    /**
     * Removes null members that {@code before} did not have at the same place: upstream
     * decodes the merged object into its types, where a null is no value.
     */
    static void dropNewNulls(JsonNode node, JsonNode before) {
        if (node instanceof ObjectNode o) {
            for (String name : new java.util.ArrayList<>(o.propertyNames())) {
                JsonNode v = o.get(name);
                JsonNode was = before != null && before.isObject() ? before.get(name) : null;
                if (v.isNull()) {
                    if (was == null || !was.isNull()) {
                        o.remove(name);
                    }
                } else {
                    dropNewNulls(v, was);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode item : a) {
                dropNewNulls(item, null);
            }
        }
    }

    static ObjectNode metadata(JsonNode object) {
        JsonNode m = object == null ? null : object.get("metadata");
        return m instanceof ObjectNode o ? o : null;
    }

    static String text(JsonNode object, String field) {
        JsonNode v = object == null ? null : object.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
