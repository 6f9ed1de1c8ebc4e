package dev.jube.api.openapi;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The swagger 2.0 document of the whole API, as served at /openapi/v2. */
public final class OpenApiV2 {

    /** The media type kubectl asks /openapi/v2 for; {@link OpenApiV2Protobuf} writes it. */
    public static final String PROTOBUF_MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /**
     * The Content-Type to answer protobuf requests with: the same type spelled so that media
     * type parsers accept it (Go's rejects the '@' of the requested form).
     */
    public static final String PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private OpenApiV2() {
    }

    /**
     * The document for {@code resources}: paths with their operations and parameters, and the
     * definitions they reference.
     *
     * @throws IllegalArgumentException for resources that cannot be described (an unknown
     *                                  subresource, two resources on one path, a model field
     *                                  type with no OpenAPI mapping)
     */
    public static ObjectNode document(List<ResourceInfo> resources) {
        return document(resources, true);
    }

    /**
     * As {@link #document(List)}; with {@code serverFieldValidation} false the write operations
     * do not offer the fieldValidation parameter, which makes kubectl validate manifests itself
     * against this document (for a server that does not check unknown fields).
     */
    public static ObjectNode document(List<ResourceInfo> resources, boolean serverFieldValidation) {
        DocumentBuilder builder = new DocumentBuilder(Dialect.V2, serverFieldValidation);
        builder.addAll(resources);
        ObjectNode doc = OpenApiModel.JSON.objectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
        doc.set("paths", builder.sortedPaths());
        doc.set("definitions", builder.definitionsNode());
        doc.putObject("securityDefinitions").putObject("BearerToken")
                .put("description", "Bearer Token authentication").put("in", "header")
                .put("name", "authorization").put("type", "apiKey");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }
}
