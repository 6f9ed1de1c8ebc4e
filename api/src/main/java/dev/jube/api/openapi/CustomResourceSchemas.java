package dev.jube.api.openapi;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes a CustomResourceDefinition's openAPIV3Schema as upstream does: apiVersion, kind and
 * metadata (ObjectMeta) are filled in, and for swagger 2.0 the constructs it cannot express
 * are relaxed so that clients validating with it never reject what the server accepts.
 */
final class CustomResourceSchemas {

    private static final List<String> V3_ONLY = List.of("oneOf", "anyOf", "allOf", "not", "nullable");

    private CustomResourceSchemas() {
    }

    static ObjectNode kindSchema(JsonNode openApiV3Schema, Dialect dialect, String objectMetaDefinition) {
        if (!openApiV3Schema.isObject()) {
            throw new IllegalArgumentException("a custom resource schema must be a JSON object");
        }
        ObjectNode schema = (ObjectNode) openApiV3Schema.deepCopy();
        if (schema.has("$ref")) {
            throw new IllegalArgumentException("a custom resource schema must not use $ref");
        }
        schema.put("type", "object");
        ObjectNode props = schema.has("properties") && schema.get("properties").isObject()
                ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        props.set("apiVersion", OpenApiModel.JSON.objectNode().put("type", "string"));
        props.set("kind", OpenApiModel.JSON.objectNode().put("type", "string"));
        props.set("metadata", OpenApiModel.JSON.objectNode().put("$ref", OpenApiModel.REF_PREFIX + objectMetaDefinition));
        if (dialect == Dialect.V2) {
            // The root keeps its properties even when it preserves unknown fields: the object
            // itself is well known; only nested schemas are relaxed.
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                if (e.getValue().isObject()) {
                    toV2((ObjectNode) e.getValue());
                }
            }
            V3_ONLY.forEach(schema::remove);
        }
        return schema;
    }

    /** Rewrites a structural schema in place into what swagger 2.0 clients can validate with. */
    private static void toV2(ObjectNode s) {
        V3_ONLY.forEach(k -> {
            if (k.equals("nullable") && s.path(k).asBoolean(false)) {
                // A nullable value may be null: leave it untyped.
                s.remove(List.of("type", "items", "properties", "required"));
            }
            s.remove(k);
        });
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            s.remove(List.of("type", "format"));
        }
        if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            // swagger 2.0 validators reject fields not listed, so list none.
            s.remove(List.of("properties", "items", "required"));
        }
        if (s.path("type").asString("").equals("array") && !s.has("items")) {
            s.remove("type");
        }
        if (s.get("properties") instanceof ObjectNode props) {
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                if (e.getValue().isObject()) {
                    toV2((ObjectNode) e.getValue());
                }
            }
        }
        if (s.get("items") instanceof ObjectNode items) {
            toV2(items);
        }
        if (s.get("additionalProperties") instanceof ObjectNode additional) {
            toV2(additional);
        }
    }
}
