package dev.jube.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small cell functions for table columns, reading the object tree. */
public final class Cells {

    private Cells() {}

    /** The scalar at a path, or {@code fallback} when absent. */
    public static Function<ObjectNode, Object> path(Object fallback, String... path) {
        return obj -> {
            JsonNode n = at(obj, path);
            if (n == null || n.isNull() || n.isContainer()) {
                return fallback;
            }
            return n.isNumber() ? (Object) n.asLong() : n.isBoolean() ? (Object) n.asBoolean() : n.asString();
        };
    }

    /** The size of the object or array at a path (0 when absent). */
    public static Function<ObjectNode, Object> count(String... path) {
        return obj -> {
            JsonNode n = at(obj, path);
            return n == null ? 0L : (long) n.size();
        };
    }

    /** The number at a path, 0 when absent. */
    public static Function<ObjectNode, Object> number(String... path) {
        return obj -> {
            JsonNode n = at(obj, path);
            return n == null || !n.isNumber() ? 0L : n.asLong();
        };
    }

    /** "ready/desired" from two numeric paths. */
    public static Function<ObjectNode, Object> ratio(String[] ready, String[] desired) {
        return obj -> number(ready).apply(obj) + "/" + number(desired).apply(obj);
    }

    /** Comma-joined values of {@code field} of every element of the array at a path. */
    public static Function<ObjectNode, Object> joined(String field, String... arrayPath) {
        return obj -> {
            JsonNode arr = at(obj, arrayPath);
            List<String> out = new ArrayList<>();
            if (arr != null && arr.isArray()) {
                for (JsonNode e : arr) {
                    JsonNode v = e.get(field);
                    if (v != null && !v.isNull()) {
                        out.add(v.asString());
                    }
                }
            }
            return out.isEmpty() ? "<none>" : String.join(",", out);
        };
    }

    /** "k=v,k2=v2" of the map at a path, or {@code <none>}. */
    public static Function<ObjectNode, Object> keyValues(String... path) {
        return obj -> {
            JsonNode m = at(obj, path);
            if (m == null || !m.isObject() || m.isEmpty()) {
                return "<none>";
            }
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                out.add(e.getKey() + "=" + e.getValue().asString());
            }
            return String.join(",", out);
        };
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }
}
