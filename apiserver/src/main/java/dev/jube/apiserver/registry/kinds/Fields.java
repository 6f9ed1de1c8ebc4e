package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over the JSON object tree for defaulting and validation. */
final class Fields {

    private Fields() {}

    /** The object child {@code name}, created when absent or not an object. */
    static ObjectNode child(ObjectNode parent, String name) {
        return Json.child(parent, name);
    }

    /** The object child {@code name}, or null when absent or not an object. */
    static ObjectNode object(JsonNode parent, String name) {
        return parent != null && parent.get(name) instanceof ObjectNode o ? o : null;
    }

    /** The array child {@code name}, or an empty array when absent. */
    static ArrayNode array(JsonNode parent, String name) {
        return parent != null && parent.get(name) instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode();
    }

    static String string(JsonNode parent, String name) {
        JsonNode v = parent == null ? null : parent.get(name);
        return v == null || v.isNull() || v.isContainer() ? "" : v.asString();
    }

    static boolean has(JsonNode parent, String name) {
        JsonNode v = parent == null ? null : parent.get(name);
        return v != null && !v.isNull();
    }

    static void defaultString(ObjectNode obj, String name, String value) {
        if (string(obj, name).isEmpty()) {
            obj.put(name, value);
        }
    }

    static void defaultInt(ObjectNode obj, String name, long value) {
        if (!has(obj, name)) {
            obj.put(name, value);
        }
    }

    static void defaultBool(ObjectNode obj, String name, boolean value) {
        if (!has(obj, name)) {
            obj.put(name, value);
        }
    }

    /** A string map field as a Java map (values that are not strings are rendered as text). */
    static Map<String, String> stringMap(JsonNode parent, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode m = parent == null ? null : parent.get(name);
        if (m != null && m.isObject()) {
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
            }
        }
        return out;
    }

    /** Equality of two optional subtrees, where absent and null are the same. */
    static boolean same(JsonNode a, JsonNode b) {
        boolean aMissing = a == null || a.isNull() || a.isMissingNode();
        boolean bMissing = b == null || b.isNull() || b.isMissingNode();
        if (aMissing || bMissing) {
            return aMissing == bMissing;
        }
        return a.equals(b);
    }

    /** Renders a value for a message the way upstream prints Go values: JSON for trees. */
    static Object shown(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        return new Raw(Json.MAPPER.writeValueAsString(v));
    }

    /** A value printed as it is, without quotes. */
    record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string map printed as Go's %#v does: {@code map[string]string{"app":"web"}}. */
    static Raw goMap(Map<String, String> m) {
        StringBuilder b = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
            b.append(first ? "" : ", ").append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            first = false;
        }
        return new Raw(b.append('}').toString());
    }
}
