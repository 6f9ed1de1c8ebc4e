package dev.jube.api.table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Null-safe reads of object fields. An absent field, or JSON null, reads as the Go zero value
 * (empty string, 0, false, no list, no time), which is what upstream's printers see after
 * decoding.
 */
final class Fields {

    private Fields() {
    }

    /** The node at the path; a MissingNode when any step is absent or not an object. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode cur = node == null ? MissingNode.getInstance() : node;
        for (String p : path) {
            if (!cur.isObject()) {
                return MissingNode.getInstance();
            }
            cur = cur.path(p);
        }
        return cur;
    }

    /** Present and not JSON null: a Go pointer or struct that is set. */
    static boolean has(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return !n.isMissingNode() && !n.isNull();
    }

    static String str(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isString()) {
            return n.stringValue();
        }
        return n.isMissingNode() || n.isNull() || n.isContainer() ? "" : n.asString();
    }

    static long num(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isString()) {
            try {
                return Long.parseLong(n.stringValue().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The number at the path, or {@code dflt} when absent (a defaulted Go pointer). */
    static long num(JsonNode node, long dflt, String... path) {
        return has(node, path) ? num(node, path) : dflt;
    }

    static boolean bool(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isBoolean() ? n.booleanValue() : n.isString() && "true".equals(n.stringValue());
    }

    /** The elements of the array at the path; empty when absent or not an array. */
    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (!n.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** Number of entries of the array or map at the path. */
    static int size(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isContainer() ? n.size() : 0;
    }

    /** The RFC3339 timestamp at the path; null when absent, empty or unparseable (Go's zero time). */
    static Instant time(JsonNode node, String... path) {
        return parseTime(str(node, path));
    }

    /** Parses metav1.Time / MicroTime text; null when empty or unparseable. */
    static Instant parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The later of two possibly-null instants (Go: zero time is before everything). */
    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.isAfter(a) ? b : a;
    }
}
