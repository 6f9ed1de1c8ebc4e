package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The apply schema of a custom resource, read from its OpenAPI v3 schema the way upstream
 * builds one for CRDs: {@code x-kubernetes-list-type} (atomic when absent; the patch-strategy
 * extensions count as upstream's fallback), {@code x-kubernetes-list-map-keys} with the keys'
 * {@code default}s, {@code x-kubernetes-map-type}, and untyped data below
 * {@code x-kubernetes-preserve-unknown-fields} or unknown members.
 */
final class OpenApiSchema implements Schema {

    private final JsonNode root;

    OpenApiSchema(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("an OpenAPI schema must be a JSON object");
        }
        this.root = root;
    }

    @Override
    public FieldType typeAt(List<String> path) {
        JsonNode node = root;
        boolean named = true;
        for (String segment : path) {
            node = items(resolve(node));
            if (node == null) {
                return FieldType.DEDUCED;
            }
            JsonNode props = node.get("properties");
            JsonNode additional = node.get("additionalProperties");
            if (props != null && props.has(segment)) {
                node = props.get(segment);
                named = true;
            } else if (additional != null && additional.isObject()) {
                node = additional;
                named = false;
            } else {
                // Unknown or preserved members: upstream deduces their type from the data.
                return FieldType.DEDUCED;
            }
        }
        return describe(resolve(node), named);
    }

    private FieldType describe(JsonNode node, boolean named) {
        if (node == null) {
            return FieldType.DEDUCED;
        }
        ListType listType = ListType.ATOMIC;
        List<String> keys = List.of();
        Map<String, JsonNode> defaults = new HashMap<>();
        JsonNode item = isList(node) ? resolve(node.get("items")) : null;
        String declared = text(node, "x-kubernetes-list-type");
        if (declared != null) {
            switch (declared) {
                case "atomic" -> listType = ListType.ATOMIC;
                case "set" -> listType = ListType.SET;
                case "map" -> {
                    listType = ListType.MAP;
                    JsonNode k = node.get("x-kubernetes-list-map-keys");
                    if (k == null || !k.isArray() || k.isEmpty()) {
                        throw new IllegalArgumentException(
                                "x-kubernetes-list-type map needs x-kubernetes-list-map-keys");
                    }
                    List<String> list = new ArrayList<>();
                    k.forEach(n -> list.add(n.stringValue()));
                    keys = list;
                }
                default -> throw new IllegalArgumentException("unknown x-kubernetes-list-type: " + declared);
            }
        } else if (isList(node)) {
            String strategy = text(node, "x-kubernetes-patch-strategy");
            String mergeKey = text(node, "x-kubernetes-patch-merge-key");
            if (strategy != null && List.of(strategy.split(",")).contains("merge")) {
                listType = mergeKey == null ? ListType.SET : ListType.MAP;
                keys = mergeKey == null ? List.of() : List.of(mergeKey);
            }
        }
        if (listType == ListType.MAP && item != null && item.get("properties") != null) {
            for (String key : keys) {
                JsonNode prop = resolve(item.get("properties").get(key));
                if (prop != null && prop.has("default")) {
                    defaults.put(key, prop.get("default"));
                }
            }
        }
        JsonNode objectNode = item != null ? item : node;
        boolean atomic = "atomic".equals(text(objectNode, "x-kubernetes-map-type"));
        return new FieldType(listType, keys, defaults, atomic, named);
    }

    private JsonNode items(JsonNode node) {
        while (node != null && isList(node)) {
            node = resolve(node.get("items"));
        }
        return node;
    }

    private static boolean isList(JsonNode node) {
        return node != null && ("array".equals(text(node, "type")) || (node.has("items") && !node.has("properties")));
    }

    private JsonNode resolve(JsonNode node) {
        int guard = 0;
        while (node != null && node.has("$ref") && guard++ < 64) {
            String ref = node.get("$ref").stringValue();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local $ref are supported, not " + ref);
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("unresolved $ref " + ref);
            }
            node = target;
        }
        // allOf with a single $ref is how generated schemas attach descriptions to references.
        if (node != null && node.has("allOf") && node.get("allOf").size() == 1 && !node.has("properties")) {
            return resolve(node.get("allOf").get(0));
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
