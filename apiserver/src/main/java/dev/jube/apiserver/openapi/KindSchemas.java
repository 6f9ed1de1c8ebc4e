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
 * is strict, dropped. A value of the wrong JSON type for a declared field fails with
 * {@link WrongTypeException}, as upstream's decoder refuses it. Objects the schema leaves open (maps, free-form objects, fields that
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

    /** Forgets every schema read so far: the documents changed. */
    void clear() {
        kinds.clear();
    }

    /**
     * The undeclared fields of {@code obj}, removed from it when {@code prune}; empty for kinds
     * without a checked schema.
     *
     * @throws WrongTypeException for the first value (in document order) of the wrong type
     */
    public List<String> unknownFields(String group, String version, String kind, ObjectNode obj, boolean prune) {
        return unknownFields(group, version, kind, obj, prune, true);
    }

    /**
     * As above; without {@code checkTypes} values of the wrong type are left to the kind's own
     * validation (custom resources report them as schema violations, not decoding errors).
     */
    public List<String> unknownFields(String group, String version, String kind, ObjectNode obj, boolean prune,
                                      boolean checkTypes) {
        Optional<Kind> k = kinds.computeIfAbsent(group + "/" + version + "/" + kind,
                key -> find(group, version, kind));
        List<String> unknown = new ArrayList<>();
        k.ifPresent(s -> walk(obj, s.root(), s.schemas(), "", kind, "", unknown, prune, checkTypes));
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

    /**
     * A value whose JSON type the kind's Go type cannot take; the message is the one upstream's
     * decoder gives ("json: cannot unmarshal number into Go struct field ConfigMap.data of type string").
     */
    public static final class WrongTypeException extends RuntimeException {
        WrongTypeException(String message) {
            super(message);
        }
    }

    /** A schema with its references followed, and the component name it was reached through. */
    private record Resolved(JsonNode schema, String ref) {}

    private static Resolved resolve(JsonNode schema, JsonNode schemas) {
        String name = null;
        for (int depth = 0; depth < 32; depth++) {
            JsonNode allOf = schema.get("allOf");
            if (!schema.has("$ref") && allOf != null && allOf.size() == 1) {
                schema = allOf.get(0);
                continue;
            }
            if (!schema.has("$ref")) {
                break;
            }
            String ref = schema.path("$ref").asString("");
            name = ref.substring(ref.lastIndexOf('/') + 1);
            schema = schemas.path(name);
        }
        return new Resolved(schema, name);
    }

    /**
     * Walks {@code node} against its schema: undeclared fields go to {@code unknown}, and a value
     * of the wrong JSON type fails as upstream's decoder does. {@code struct} is the Go struct
     * whose field holds {@code node} and {@code goPath} its field names from the kind's root,
     * both for the decoder's message.
     */
    private static void walk(JsonNode node, JsonNode schema, JsonNode schemas, String path, String struct,
                             String goPath, List<String> unknown, boolean prune, boolean types) {
        Resolved r = resolve(schema, schemas);
        JsonNode s = r.schema();
        if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (types) {
            checkType(node, r, schemas, struct, goPath);
        }
        if (node instanceof ObjectNode obj) {
            JsonNode properties = s.get("properties");
            JsonNode additional = s.get("additionalProperties");
            if (properties != null && properties.isObject()) {
                String owner = r.ref() == null ? struct : r.ref().substring(r.ref().lastIndexOf('.') + 1);
                List<String> drop = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : obj.properties()) {
                    JsonNode fieldSchema = properties.get(e.getKey());
                    String fieldPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    String fieldGoPath = goPath.isEmpty() ? e.getKey() : goPath + "." + e.getKey();
                    if (fieldSchema != null) {
                        walk(e.getValue(), fieldSchema, schemas, fieldPath, owner, fieldGoPath, unknown, prune, types);
                    } else if (additional != null && additional.isObject()) {
                        walk(e.getValue(), additional, schemas, fieldPath, owner, fieldGoPath, unknown, prune, types);
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
                    walk(e.getValue(), additional, schemas, path + "[" + e.getKey() + "]", struct, goPath, unknown,
                            prune, types);
                }
            }
        } else if (node.isArray() && s.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), s.get("items"), schemas, path + "[" + i + "]", struct, goPath, unknown, prune, types);
            }
        }
    }

    /** Fails when the schema names a single type and {@code node} (not null, which Go ignores) is not of it. */
    private static void checkType(JsonNode node, Resolved r, JsonNode schemas, String struct, String goPath) {
        String type = r.schema().path("type").asString("");
        if (node.isNull() || type.isEmpty() || goPath.isEmpty()) {
            return;
        }
        boolean fits = switch (type) {
            case "string" -> node.isString();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            default -> true;
        };
        if (!fits) {
            // Go names a non-integral number for an integer field by its text ("number 1.5").
            String value = node.isNumber() ? (type.equals("integer") ? "number " + node : "number")
                    : node.isString() ? "string" : node.isBoolean() ? "bool" : node.isArray() ? "array" : "object";
            throw new WrongTypeException("json: cannot unmarshal " + value + " into Go struct field " + struct + "."
                    + goPath + " of type " + goType(r, schemas));
        }
    }

    /** The Go type upstream declares for a schema, as its decoder names it ("int32", "map[string]string", "v1.PodSpec"). */
    private static String goType(Resolved r, JsonNode schemas) {
        JsonNode s = r.schema();
        String format = s.path("format").asString("");
        return switch (s.path("type").asString("")) {
            case "string" -> format.equals("byte") ? "[]uint8" : "string";
            case "integer" -> format.equals("int32") ? "int32" : "int64";
            case "number" -> "float64";
            case "boolean" -> "bool";
            case "array" -> "[]" + goType(resolve(s.path("items"), schemas), schemas);
            default -> {
                if (s.path("additionalProperties").isObject()) {
                    yield "map[string]" + goType(resolve(s.get("additionalProperties"), schemas), schemas);
                }
                if (r.ref() != null) {
                    String[] parts = r.ref().split("\\.");
                    yield parts.length > 1 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : r.ref();
                }
                yield "map[string]interface {}";
            }
        };
    }
}
