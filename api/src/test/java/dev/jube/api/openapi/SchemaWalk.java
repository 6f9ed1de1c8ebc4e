package dev.jube.api.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Test helpers that walk OpenAPI documents. */
final class SchemaWalk {

    private SchemaWalk() {
    }

    /** Every "$ref" string in the document (a property named "$ref" holds a schema, not a reference). */
    static List<String> refs(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref") && e.getValue().isString()) {
                    out.add(e.getValue().stringValue());
                } else {
                    collect(e.getValue(), out);
                }
            }
        }
    }

    /** The references that do not resolve to an entry of {@code definitions} under {@code prefix}. */
    static List<String> unresolved(JsonNode document, JsonNode definitions, String prefix) {
        return refs(document).stream()
                .filter(r -> !r.startsWith(prefix) || !definitions.has(r.substring(prefix.length())))
                .distinct().toList();
    }
}
