package dev.jube.apiserver.openapi;

import dev.jube.apiserver.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema of each served kind, read from its group-version's OpenAPI v3 document, and the
 * unknown-field check upstream's typed decoding does: fields a kind's schema does not declare
 * are reported with their path (e.g. {@code spec.containers[0].imagez}) and, unless the request
 * is strict, dropped. Objects the schema leaves open (maps, free-form objects, fields that
 * preserve unknown fields, custom resources without a schema) are not checked.
 */
public final class KindSchemas {

    private final Function<String, Optional<byte[]>> documents;
    private final Map<String, Optional<Kind>> kinds = new ConcurrentHashMap<>();

    /** @param documents a v3 document by its index path ("api/v1", "apis/apps/v1") */
    KindSchemas(Function<String, Optional<byte[]>> documents) {
        this.documents = documents;
    }

    private record Kind(JsonNode root, JsonNode schemas) {}

    /**
     * The undeclared fields of {@code obj}, removed from it when {@code prune}; empty for kinds
     * without a checked schema.
     */
    public List<String> unknownFields(String group, String version, String kind, ObjectNode obj, boolean prune) {
        Optional<Kind> k = kinds.computeIfAbsent(group + "/" + version + "/" + kind,
                key -> find(group, version, kind));
        List<String> unknown = new ArrayList<>();
        k.ifPresent(s -> walk(obj, s.root(), s.schemas(), "", unknown, prune));
        return unknown;
    }

    private Optional<Kind> find(String group, String version, String kind) {
        String path = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
        Optional<byte[]> doc = documents.apply(path);
        if (doc.isEmpty()) {
            return Optional.empty();
        }
        JsonNode schemas = Json.parse(doc.get()).path("components").path("schemas");
        for (Map.Entry<String, JsonNode> e : schemas.properties()) {
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asString("").equals(group) && gvk.path("version").asString("").equals(version)
                        && gvk.path("kind").asString("").equals(kind)) {
                    return Optional.of(new Kind(e.getValue(), schemas));
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        for (int depth = 0; depth < 32 && schema.has("$ref"); depth++) {
            String ref = schema.path("$ref").asString("");
            schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    private static void walk(JsonNode node, JsonNode schema, JsonNode schemas, String path, List<String> unknown,
                             boolean prune) {
        JsonNode s = resolve(schema, schemas);
        if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (node instanceof ObjectNode obj) {
            JsonNode properties = s.get("properties");
            JsonNode additional = s.get("additionalProperties");
            if (properties != null && properties.isObject()) {
                List<String> drop = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : obj.properties()) {
                    JsonNode fieldSchema = properties.get(e.getKey());
                    String fieldPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    if (fieldSchema != null) {
                        walk(e.getValue(), fieldSchema, schemas, fieldPath, unknown, prune);
                    } else if (additional != null && additional.isObject()) {
                        walk(e.getValue(), additional, schemas, fieldPath, unknown, prune);
                    } else if (additional == null || !additional.asBoolean(false)) {
                        unknown.add(fieldPath);
                        drop.add(e.getKey());
                    }
                }
                if (prune) {
                    drop.forEach(obj::remove);
                }
            } else if (additional != null && additional.isObject()) {
                for (Map.Entry<String, JsonNode> e : obj.properties()) {
                    walk(e.getValue(), additional, schemas, path + "[" + e.getKey() + "]", unknown, prune);
                }
            }
        } else if (node.isArray() && s.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), s.get("items"), schemas, path + "[" + i + "]", unknown, prune);
            }
        }
    }
}
