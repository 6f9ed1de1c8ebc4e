package dev.jube.apiserver.crd;

import dev.jube.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Whether a CRD version's openAPIV3Schema is structural, with upstream's messages: every
 * specified field has a type (unless it is int-or-string or preserves unknown fields), arrays
 * have items, properties and additionalProperties exclude each other, the root is an object,
 * and defaults fit their schema.
 */
final class StructuralSchemaCheck {

    private StructuralSchemaCheck() {}

    /** @param path the schema's field path, e.g. {@code spec.versions[0].schema.openAPIV3Schema} */
    static List<FieldError> check(JsonNode schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        String type = schema.path("type").asString("");
        if (type.isEmpty()) {
            errors.add(FieldError.required(path + ".type", "must not be empty at the root"));
        } else if (!type.equals("object")) {
            errors.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
        }
        if (schema.path("nullable").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".nullable", "must be false at the root"));
        }
        JsonNode meta = schema.path("properties").get("metadata");
        if (meta != null) {
            for (Map.Entry<String, JsonNode> e : meta.path("properties").properties()) {
                if (!e.getKey().equals("name") && !e.getKey().equals("generateName")) {
                    errors.add(FieldError.forbidden(path + ".properties[metadata]",
                            "must not specify anything other than name and generateName, but metadata is implicitly specified"));
                    break;
                }
            }
        }
        node(schema, path, true, errors);
        return errors;
    }

    private static void node(JsonNode s, String path, boolean root, List<FieldError> errors) {
        if (!s.isObject()) {
            errors.add(FieldError.invalid(path, s.toString(), "must be a schema object"));
            return;
        }
        if (s.has("$ref")) {
            errors.add(FieldError.forbidden(path + ".$ref", "$ref is not supported"));
        }
        String type = s.path("type").asString("");
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (s.has("x-kubernetes-preserve-unknown-fields") && !preserve) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", false,
                    "must be true or undefined"));
        }
        if (!type.isEmpty() && !List.of("object", "array", "string", "integer", "number", "boolean").contains(type)) {
            errors.add(FieldError.notSupported(path + ".type", type,
                    List.of("array", "boolean", "integer", "number", "object", "string")));
        }
        if (intOrString && !type.isEmpty()) {
            errors.add(FieldError.invalid(path + ".type", type, "must be empty if x-kubernetes-int-or-string is true"));
        }
        if (!root && type.isEmpty() && !intOrString && !preserve) {
            errors.add(FieldError.required(path + ".type", "must not be empty for specified object fields"));
        }
        if (s.has("properties") && s.has("additionalProperties")) {
            errors.add(FieldError.forbidden(path + ".additionalProperties",
                    "additionalProperties and properties are mutual exclusive"));
        }
        if (type.equals("array") && !s.path("items").isObject()) {
            errors.add(FieldError.required(path + ".items", "must be specified"));
        }
        if (s.has("pattern")) {
            try {
                Pattern.compile(s.path("pattern").asString(""));
            } catch (PatternSyntaxException e) {
                errors.add(FieldError.invalid(path + ".pattern", s.path("pattern").asString(""),
                        "must be a valid regular expression, but isn't: " + e.getDescription()));
            }
        }
        String listType = s.path("x-kubernetes-list-type").asString("");
        if (!listType.isEmpty()) {
            if (!List.of("atomic", "set", "map").contains(listType)) {
                errors.add(FieldError.notSupported(path + ".x-kubernetes-list-type", listType,
                        List.of("atomic", "set", "map")));
            } else if (!type.equals("array")) {
                errors.add(FieldError.invalid(path + ".type", type,
                        "must be array if x-kubernetes-list-type is specified"));
            } else if (listType.equals("map") && s.path("x-kubernetes-list-map-keys").isEmpty()) {
                errors.add(FieldError.required(path + ".x-kubernetes-list-map-keys",
                        "must not be empty if x-kubernetes-list-type is map"));
            }
        }
        JsonNode def = s.get("default");
        if (def != null) {
            errors.addAll(SchemaValidator.validate(def, s, path + ".default"));
        }
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            node(p.getValue(), path + ".properties[" + p.getKey() + "]", false, errors);
        }
        if (s.path("additionalProperties").isObject()) {
            node(s.get("additionalProperties"), path + ".additionalProperties", false, errors);
        }
        if (s.path("items").isObject()) {
            node(s.get("items"), path + ".items", false, errors);
        } else if (s.path("items").isArray()) {
            errors.add(FieldError.forbidden(path + ".items", "items must be a schema object and not an array"));
        }
    }
}
