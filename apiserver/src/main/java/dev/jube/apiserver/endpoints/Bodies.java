package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.protobuf.KubeProtobuf;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Decodes request bodies (JSON or YAML) into object trees, with upstream's 400/415 answers. */
final class Bodies {

    private Bodies() {}

    /** The request's media type without parameters, "application/json" when absent. */
    static String contentType(ApiRequest req) {
        String ct = req.header("content-type");
        return ct == null || ct.isBlank() ? "application/json" : MediaType.parse(ct).type();
    }

    /** The body as an object; 400 when it is empty, malformed or not an object; 415 for other formats. */
    static ObjectNode object(ApiRequest req) {
        JsonNode node = tree(req);
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw ApiException.badRequest("the request body is empty: an object was expected");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON or YAML object, not " + node.getNodeType()
                    .name().toLowerCase());
        }
        ObjectNode obj = (ObjectNode) node;
        checkMetadata(obj);
        return obj;
    }

    /** An apply patch body: a YAML (or JSON) object; 400 when it is anything else. */
    static ObjectNode yamlObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.parseYaml(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("error decoding YAML: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            throw ApiException.badRequest("the applied configuration must be a YAML or JSON object");
        }
        checkMetadata(obj);
        return obj;
    }

    /** The body as a tree, or null when empty. */
    static JsonNode tree(ApiRequest req) {
        String type = contentType(req);
        byte[] body = req.body();
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return switch (type) {
                case "application/json", "*/*" -> Json.parse(body);
                case "application/yaml", "application/x-yaml", "text/yaml" -> Json.parseYaml(body);
                case "application/vnd.kubernetes.protobuf" -> protobuf(body);
                default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
                        + "accepted media types include: application/json, application/yaml, "
                        + "application/vnd.kubernetes.protobuf");
            };
        } catch (JacksonException e) {
            throw ApiException.badRequest("the request body could not be decoded as "
                    + (type.contains("yaml") ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
    }

    private static JsonNode protobuf(byte[] body) {
        try {
            return KubeProtobuf.decode(body);
        } catch (KubeProtobuf.ProtobufException e) {
            throw ApiException.unsupportedMediaType(e.getMessage());
        }
    }

    /** The shape checks a typed decoder would do on ObjectMeta. */
    static void checkMetadata(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        if (meta == null || meta.isNull()) {
            return;
        }
        if (!meta.isObject()) {
            throw ApiException.badRequest("metadata must be an object");
        }
        for (String field : new String[] {"name", "generateName", "namespace", "resourceVersion", "uid"}) {
            JsonNode v = meta.get(field);
            if (v != null && !v.isNull() && !v.isString()) {
                throw ApiException.badRequest("metadata." + field + " must be a string");
            }
        }
        for (String field : new String[] {"labels", "annotations"}) {
            JsonNode m = meta.get(field);
            if (m == null || m.isNull()) {
                continue;
            }
            if (!m.isObject()) {
                throw ApiException.badRequest("metadata." + field + " must be a map of strings");
            }
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                if (!e.getValue().isString()) {
                    throw ApiException.badRequest("metadata." + field + "." + e.getKey() + " must be a string");
                }
            }
        }
        JsonNode finalizers = meta.get("finalizers");
        if (finalizers != null && !finalizers.isNull()) {
            if (!finalizers.isArray()) {
                throw ApiException.badRequest("metadata.finalizers must be a list of strings");
            }
            for (JsonNode f : finalizers) {
                if (!f.isString()) {
                    throw ApiException.badRequest("metadata.finalizers must be a list of strings");
                }
            }
        }
    }
}
