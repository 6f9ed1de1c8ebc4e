package dev.jube.api.openapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI 3.0 documents, one per group-version (served at /openapi/v3/api/v1,
 * /openapi/v3/apis/apps/v1, ...), and the /openapi/v3 index that lists them with a content
 * hash so clients can cache them.
 */
public final class OpenApiV3 {

    static final String REF_PREFIX = "#/components/schemas/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private OpenApiV3() {
    }

    /**
     * The document of one group-version ("v1" for the core group, "apps/v1", ...), describing
     * the resources of {@code resources} that belong to it.
     *
     * @throws IllegalArgumentException when no resource belongs to the group-version, or for
     *                                  resources that cannot be described
     */
    public static ObjectNode groupVersionDocument(String groupVersion, List<ResourceInfo> resources) {
        return groupVersionDocument(groupVersion, resources, true);
    }

    /**
     * As {@link #groupVersionDocument(String, List)}; {@code serverFieldValidation} as in
     * {@link OpenApiV2#document(List, boolean)}.
     */
    public static ObjectNode groupVersionDocument(String groupVersion, List<ResourceInfo> resources,
                                                  boolean serverFieldValidation) {
        List<ResourceInfo> mine = resources.stream().filter(r -> r.groupVersion().equals(groupVersion)).toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("no resources are served in group-version " + groupVersion);
        }
        DocumentBuilder builder = new DocumentBuilder(Dialect.V3, serverFieldValidation);
        builder.addAll(mine);
        ObjectNode doc = OpenApiModel.JSON.objectNode();
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = (ObjectNode) toV3(builder.definitionsNode());
        // Values that may be written as numbers or strings say so in 3.0 (as upstream does).
        replaceIfPresent(schemas, DefinitionNames.QUANTITY, oneOf("string", "number"));
        replaceIfPresent(schemas, DefinitionNames.INT_OR_STRING,
                oneOf("integer", "string").put("format", "int-or-string"));
        components.set("schemas", schemas);
        components.putObject("securitySchemes").putObject("BearerToken")
                .put("description", "Bearer Token authentication").put("in", "header")
                .put("name", "authorization").put("type", "apiKey");
        doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
        doc.put("openapi", "3.0.0");
        doc.set("paths", toV3(builder.sortedPaths()));
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    /**
     * The /openapi/v3 index for the group-versions of {@code resources}, each with the hash of
     * its document.
     */
    public static ObjectNode discovery(List<ResourceInfo> resources) {
        Map<String, String> hashes = new TreeMap<>();
        for (ResourceInfo r : resources) {
            hashes.computeIfAbsent(r.openApiV3Path(),
                    p -> hash(serialize(groupVersionDocument(r.groupVersion(), resources))));
        }
        return discovery(hashes);
    }

    /** The /openapi/v3 index from document paths ("api/v1", "apis/apps/v1") to their hashes. */
    public static ObjectNode discovery(Map<String, String> hashByPath) {
        ObjectNode index = OpenApiModel.JSON.objectNode();
        ObjectNode paths = index.putObject("paths");
        new TreeMap<>(hashByPath).forEach((path, hash) ->
                paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash));
        return index;
    }

    /** The content hash clients see in the index: SHA-512 of the document bytes, upper-case hex. */
    public static String hash(byte[] document) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(document));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JDK", e);
        }
    }

    static byte[] serialize(JsonNode node) {
        return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Rewrites references to components and wraps a reference that has sibling keywords in
     * allOf, since 3.0 ignores siblings of $ref.
     */
    private static JsonNode toV3(JsonNode node) {
        if (node instanceof ArrayNode array) {
            ArrayNode out = OpenApiModel.JSON.arrayNode();
            array.forEach(item -> out.add(toV3(item)));
            return out;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        ObjectNode out = OpenApiModel.JSON.objectNode();
        JsonNode ref = object.get("$ref");
        boolean isRef = ref != null && ref.isString() && ref.stringValue().startsWith(OpenApiModel.REF_PREFIX);
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (isRef && e.getKey().equals("$ref")) {
                continue;
            }
            out.set(e.getKey(), toV3(e.getValue()));
        }
        if (isRef) {
            String target = REF_PREFIX + ref.stringValue().substring(OpenApiModel.REF_PREFIX.length());
            if (out.isEmpty()) {
                out.put("$ref", target);
            } else {
                ObjectNode wrapped = OpenApiModel.JSON.objectNode();
                wrapped.putArray("allOf").addObject().put("$ref", target);
                wrapped.setAll(out);
                return wrapped;
            }
        }
        return out;
    }

    private static ObjectNode oneOf(String... types) {
        ObjectNode node = OpenApiModel.JSON.objectNode();
        ArrayNode array = node.putArray("oneOf");
        for (String t : types) {
            array.addObject().put("type", t);
        }
        return node;
    }

    private static void replaceIfPresent(ObjectNode schemas, String name, ObjectNode schema) {
        if (schemas.has(name)) {
            schemas.set(name, schema);
        }
    }
}
