package dev.jube.api.openapi;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a swagger 2.0 document in the protobuf form kubectl downloads from /openapi/v2
 * ({@link OpenApiV2#PROTOBUF_MEDIA_TYPE}): the {@code openapi.v2.Document} message of the
 * gnostic OpenAPIv2.proto. Extension, default, example and enum values travel as YAML text
 * (JSON is valid YAML), as in upstream's encoding.
 */
public final class OpenApiV2Protobuf {

    private OpenApiV2Protobuf() {
    }

    /**
     * @throws IllegalArgumentException when the document is not a swagger 2.0 object
     */
    public static byte[] encode(ObjectNode swagger) {
        if (!"2.0".equals(swagger.path("swagger").asString(""))) {
            throw new IllegalArgumentException("not a swagger 2.0 document");
        }
        ProtoWriter doc = new ProtoWriter();
        doc.string(1, swagger.path("swagger").asString(""));
        JsonNode info = swagger.path("info");
        if (info.isObject()) {
            ProtoWriter w = new ProtoWriter().string(1, text(info, "title")).string(2, text(info, "version"))
                    .string(3, text(info, "description"));
            extensions(w, 7, info);
            doc.message(2, w);
        }
        doc.string(3, text(swagger, "host")).string(4, text(swagger, "basePath"));
        strings(doc, 5, swagger.path("schemes"));
        strings(doc, 6, swagger.path("consumes"));
        strings(doc, 7, swagger.path("produces"));
        if (swagger.path("paths").isObject()) {
            ProtoWriter paths = new ProtoWriter();
            extensions(paths, 1, swagger.path("paths"));
            for (Map.Entry<String, JsonNode> e : swagger.path("paths").properties()) {
                if (!e.getKey().startsWith("x-")) {
                    paths.message(2, new ProtoWriter().string(1, e.getKey()).message(2, pathItem(e.getValue())));
                }
            }
            doc.message(8, paths);
        }
        if (swagger.path("definitions").isObject()) {
            ProtoWriter defs = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : swagger.path("definitions").properties()) {
                defs.message(1, new ProtoWriter().string(1, e.getKey()).message(2, schema(e.getValue())));
            }
            doc.message(9, defs);
        }
        for (JsonNode requirement : swagger.path("security")) {
            ProtoWriter req = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : requirement.properties()) {
                ProtoWriter scopes = new ProtoWriter();
                strings(scopes, 1, e.getValue());
                req.message(1, new ProtoWriter().string(1, e.getKey()).message(2, scopes));
            }
            doc.message(12, req);
        }
        if (swagger.path("securityDefinitions").isObject()) {
            ProtoWriter defs = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : swagger.path("securityDefinitions").properties()) {
                JsonNode s = e.getValue();
                if (!"apiKey".equals(text(s, "type"))) {
                    throw new IllegalArgumentException("unsupported security definition type " + text(s, "type"));
                }
                ProtoWriter apiKey = new ProtoWriter().string(1, "apiKey").string(2, text(s, "name"))
                        .string(3, text(s, "in")).string(4, text(s, "description"));
                defs.message(1, new ProtoWriter().string(1, e.getKey())
                        .message(2, new ProtoWriter().message(2, apiKey)));
            }
            doc.message(13, defs);
        }
        extensions(doc, 16, swagger);
        return doc.toByteArray();
    }

    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(item, "$ref"));
        String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (item.path(methods[i]).isObject()) {
                w.message(2 + i, operation(item.get(methods[i])));
            }
        }
        for (JsonNode p : item.path("parameters")) {
            w.message(9, parametersItem(p));
        }
        extensions(w, 10, item);
        return w;
    }

    private static ProtoWriter operation(JsonNode op) {
        ProtoWriter w = new ProtoWriter();
        strings(w, 1, op.path("tags"));
        w.string(2, text(op, "summary")).string(3, text(op, "description")).string(5, text(op, "operationId"));
        strings(w, 6, op.path("produces"));
        strings(w, 7, op.path("consumes"));
        for (JsonNode p : op.path("parameters")) {
            w.message(8, parametersItem(p));
        }
        if (op.path("responses").isObject()) {
            ProtoWriter responses = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : op.path("responses").properties()) {
                if (e.getKey().startsWith("x-")) {
                    continue;
                }
                JsonNode r = e.getValue();
                ProtoWriter value = new ProtoWriter();
                if (r.has("$ref")) {
                    value.message(2, new ProtoWriter().string(1, text(r, "$ref")));
                } else {
                    ProtoWriter response = new ProtoWriter().string(1, text(r, "description"));
                    if (r.path("schema").isObject()) {
                        response.message(2, new ProtoWriter().message(1, schema(r.get("schema"))));
                    }
                    extensions(response, 5, r);
                    value.message(1, response);
                }
                responses.message(1, new ProtoWriter().string(1, e.getKey()).message(2, value));
            }
            extensions(responses, 2, op.path("responses"));
            w.message(9, responses);
        }
        strings(w, 10, op.path("schemes"));
        w.bool(11, op.path("deprecated").asBoolean(false));
        extensions(w, 13, op);
        return w;
    }

    private static ProtoWriter parametersItem(JsonNode p) {
        if (p.has("$ref")) {
            return new ProtoWriter().message(2, new ProtoWriter().string(1, text(p, "$ref"))
                    .string(2, text(p, "description")));
        }
        String in = text(p, "in");
        ProtoWriter parameter = new ProtoWriter();
        if (in.equals("body")) {
            ProtoWriter body = new ProtoWriter().string(1, text(p, "description")).string(2, text(p, "name"))
                    .string(3, in).bool(4, p.path("required").asBoolean(false));
            if (p.path("schema").isObject()) {
                body.message(5, schema(p.get("schema")));
            }
            extensions(body, 6, p);
            parameter.message(1, body);
        } else {
            // Query and formData carry allowEmptyValue at 5 and so number later fields one higher.
            int kind;
            int shift;
            switch (in) {
                case "header" -> { kind = 1; shift = 0; }
                case "formData" -> { kind = 2; shift = 1; }
                case "query" -> { kind = 3; shift = 1; }
                case "path" -> { kind = 4; shift = 0; }
                default -> throw new IllegalArgumentException("unknown parameter location \"" + in + "\"");
            }
            ProtoWriter sub = new ProtoWriter().bool(1, p.path("required").asBoolean(false)).string(2, in)
                    .string(3, text(p, "description")).string(4, text(p, "name"));
            if (shift == 1) {
                sub.bool(5, p.path("allowEmptyValue").asBoolean(false));
            }
            sub.string(5 + shift, text(p, "type")).string(6 + shift, text(p, "format"));
            if (p.has("default")) {
                sub.message(9 + shift, any(p.get("default")));
            }
            sub.bool(19 + shift, p.path("uniqueItems").asBoolean(false));
            extensions(sub, 22 + shift, p);
            parameter.message(2, new ProtoWriter().message(kind, sub));
        }
        return new ProtoWriter().message(1, parameter);
    }

    private static ProtoWriter schema(JsonNode s) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(s, "$ref")).string(2, text(s, "format")).string(3, text(s, "title"))
                .string(4, text(s, "description"));
        if (s.has("default")) {
            w.message(5, any(s.get("default")));
        }
        w.float64(6, s.path("multipleOf").asDouble(0)).float64(7, s.path("maximum").asDouble(0))
                .bool(8, s.path("exclusiveMaximum").asBoolean(false)).float64(9, s.path("minimum").asDouble(0))
                .bool(10, s.path("exclusiveMinimum").asBoolean(false)).int64(11, s.path("maxLength").asLong(0))
                .int64(12, s.path("minLength").asLong(0)).string(13, text(s, "pattern"))
                .int64(14, s.path("maxItems").asLong(0)).int64(15, s.path("minItems").asLong(0))
                .bool(16, s.path("uniqueItems").asBoolean(false)).int64(17, s.path("maxProperties").asLong(0))
                .int64(18, s.path("minProperties").asLong(0));
        strings(w, 19, s.path("required"));
        for (JsonNode e : s.path("enum")) {
            w.message(20, any(e));
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            w.message(21, new ProtoWriter().message(1, schema(additional)));
        } else if (additional != null && additional.isBoolean()) {
            w.message(21, new ProtoWriter().boolPresent(2, additional.booleanValue()));
        }
        JsonNode type = s.get("type");
        if (type != null) {
            ProtoWriter types = new ProtoWriter();
            if (type.isArray()) {
                strings(types, 1, type);
            } else {
                types.string(1, type.asString(""));
            }
            w.message(22, types);
        }
        JsonNode items = s.get("items");
        if (items != null) {
            ProtoWriter itemsItem = new ProtoWriter();
            if (items.isArray()) {
                items.forEach(i -> itemsItem.message(1, schema(i)));
            } else {
                itemsItem.message(1, schema(items));
            }
            w.message(23, itemsItem);
        }
        for (JsonNode a : s.path("allOf")) {
            w.message(24, schema(a));
        }
        if (s.path("properties").isObject()) {
            ProtoWriter props = new ProtoWriter();
            for (Map.Entry<String, JsonNode> e : s.get("properties").properties()) {
                props.message(1, new ProtoWriter().string(1, e.getKey()).message(2, schema(e.getValue())));
            }
            w.message(25, props);
        }
        w.string(26, text(s, "discriminator")).bool(27, s.path("readOnly").asBoolean(false));
        if (s.has("example")) {
            w.message(30, any(s.get("example")));
        }
        extensions(w, 31, s);
        return w;
    }

    private static void extensions(ProtoWriter w, int field, JsonNode node) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().startsWith("x-")) {
                w.message(field, new ProtoWriter().string(1, e.getKey()).message(2, any(e.getValue())));
            }
        }
    }

    private static ProtoWriter any(JsonNode value) {
        return new ProtoWriter().string(2, new String(OpenApiV3.serialize(value), java.nio.charset.StandardCharsets.UTF_8) + "\n");
    }

    private static void strings(ProtoWriter w, int field, JsonNode array) {
        for (JsonNode s : array) {
            w.string(field, s.asString(""));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : "";
    }
}
