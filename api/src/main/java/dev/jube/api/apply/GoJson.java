package dev.jube.api.apply;

import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compact JSON text as Go's encoding/json writes it (HTML-safe escapes included), because
 * fieldsV1 keys embed JSON and clients compare them as text.
 */
final class GoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoJson() {
    }

    static String toJson(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(b, node);
        return b.toString();
    }

    static void write(StringBuilder b, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isString()) {
            writeString(b, node.stringValue());
        } else if (node.isBoolean()) {
            b.append(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            b.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            b.append(formatFloat(node.decimalValue()));
        } else if (node.isArray()) {
            b.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, node.get(i));
            }
            b.append(']');
        } else if (node.isObject()) {
            // Go writes map keys sorted.
            b.append('{');
            boolean first = true;
            for (String name : new java.util.TreeSet<>(node.propertyNames())) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                writeString(b, name);
                b.append(':');
                write(b, node.get(name));
            }
            b.append('}');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static String formatFloat(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.precision() - s.scale() <= 21) {
            return s.toBigInteger().toString();
        }
        return s.toPlainString();
    }

    static void writeString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * A copy whose numbers have one representation (integral as long or big integer, others
     * as decimal), so that equal JSON values are equal nodes whatever parser made them.
     */
    static JsonNode canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? NODES.numberNode(node.longValue()) : NODES.numberNode(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            if (d.scale() <= 0) {
                try {
                    return NODES.numberNode(d.longValueExact());
                } catch (ArithmeticException e) {
                    return NODES.numberNode(d.toBigIntegerExact());
                }
            }
            return NODES.numberNode(d);
        }
        if (node.isArray()) {
            ArrayNode a = NODES.arrayNode();
            node.forEach(item -> a.add(canonical(item)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                o.set(e.getKey(), canonical(e.getValue()));
            }
            return o;
        }
        return node;
    }
}
