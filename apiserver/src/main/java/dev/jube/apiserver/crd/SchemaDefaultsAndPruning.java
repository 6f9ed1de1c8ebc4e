package dev.jube.apiserver.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What upstream's decoder does to a custom resource before validation, both for requests and for
 * objects read from storage: fill in the schema's defaults, then drop fields the schema does not
 * specify (unless x-kubernetes-preserve-unknown-fields keeps them).
 */
public final class SchemaDefaultsAndPruning {

    /** Type metadata every object and every embedded resource keeps. */
    private static final Set<String> TYPE_META = Set.of("apiVersion", "kind", "metadata");

    private SchemaDefaultsAndPruning() {}

    /** Defaults, then prunes, the whole object in place. */
    public static void apply(ObjectNode obj, JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        applyDefaults(obj, schema);
        prune(obj, schema, true);
    }

    /** Sets each absent (or null, where null is not allowed) field that has a default, recursively. */
    static void applyDefaults(JsonNode value, JsonNode schema) {
        if (value instanceof ObjectNode obj) {
            JsonNode properties = schema.path("properties");
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                JsonNode fieldSchema = p.getValue();
                JsonNode def = fieldSchema.get("default");
                JsonNode current = obj.get(p.getKey());
                if (def != null && (current == null
                        || current.isNull() && !fieldSchema.path("nullable").asBoolean(false))) {
                    obj.set(p.getKey(), def.deepCopy());
                }
            }
            List<String> fields = new ArrayList<>();
            obj.properties().forEach(e -> fields.add(e.getKey()));
            JsonNode additional = schema.get("additionalProperties");
            for (String field : fields) {
                JsonNode fieldSchema = properties.get(field);
                if (fieldSchema == null && additional != null && additional.isObject()) {
                    fieldSchema = additional;
                }
                if (fieldSchema != null) {
                    applyDefaults(obj.get(field), fieldSchema);
                }
            }
        } else if (value instanceof ArrayNode arr && schema.path("items").isObject()) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode item = arr.get(i);
                JsonNode def = schema.path("items").get("default");
                if (item.isNull() && def != null && !schema.path("items").path("nullable").asBoolean(false)) {
                    arr.set(i, def.deepCopy());
                }
                applyDefaults(arr.get(i), schema.get("items"));
            }
        }
    }

    /** Removes fields the schema does not specify; returns nothing, the pruning is silent as upstream's. */
    static void prune(JsonNode value, JsonNode schema, boolean root) {
        if (value instanceof ObjectNode obj) {
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            List<String> drop = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                String field = e.getKey();
                if ((root || embedded) && TYPE_META.contains(field)) {
                    continue;
                }
                JsonNode fieldSchema = properties.get(field);
                if (fieldSchema == null && additional != null) {
                    if (additional.isObject()) {
                        fieldSchema = additional;
                    } else if (additional.asBoolean(false)) {
                        continue;
                    }
                }
                if (fieldSchema != null) {
                    prune(e.getValue(), fieldSchema, false);
                } else if (!preserve) {
                    drop.add(field);
                }
            }
            drop.forEach(obj::remove);
        } else if (value instanceof ArrayNode arr && schema.path("items").isObject()) {
            for (JsonNode item : arr) {
                prune(item, schema.get("items"), false);
            }
        }
    }
}
