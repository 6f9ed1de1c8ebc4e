package dev.jube.api.apply;

import dev.jube.api.validation.FieldError;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Identifies list items: by their key fields in map lists, by value in sets. */
final class ListItems {

    private ListItems() {
    }

    /**
     * The path element of one item of a non-atomic list.
     *
     * @throws ApplyException when a map-list item is not an object or lacks a key field
     */
    static PathElement element(JsonNode item, Schema.FieldType type, FieldPath list) {
        if (type.listType() == Schema.ListType.SET) {
            return PathElement.value(item);
        }
        if (!item.isObject()) {
            throw ApplyException.invalid(FieldError.invalid(display(list), GoJson.toJson(item),
                    "associative list with keys may only contain objects"));
        }
        Map<String, JsonNode> key = new LinkedHashMap<>();
        for (String name : type.mapKeys()) {
            JsonNode v = item.get(name);
            if (v == null || v.isNull()) {
                v = type.keyDefaults().get(name);
            }
            if (v == null) {
                throw ApplyException.invalid(FieldError.required(display(list), "associative list with keys "
                        + "has an element that omits key field \"" + name + "\" (and doesn't have default value)"));
            }
            key.put(name, v);
        }
        return PathElement.key(key);
    }

    static String display(FieldPath path) {
        String s = path.toString();
        return s.startsWith(".") ? s.substring(1) : s;
    }
}
