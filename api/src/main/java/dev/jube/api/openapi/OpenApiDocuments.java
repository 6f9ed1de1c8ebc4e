package dev.jube.api.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents of one set of served resources, generated on first use and then
 * reused: the server keeps one instance and replaces it when the set changes (e.g. a CRD is
 * added). Model schemas are cached JVM-wide, so a replacement is cheap. Thread-safe.
 */
public final class OpenApiDocuments {

    private final List<ResourceInfo> resources;
    private final boolean serverFieldValidation;
    private final Map<String, String> groupVersionByPath = new TreeMap<>();
    private final Map<String, byte[]> v3Documents = new ConcurrentHashMap<>();
    private final Map<String, String> v3Hashes = new ConcurrentHashMap<>();
    private volatile byte[] v2Json;
    private volatile byte[] v2Protobuf;
    private volatile byte[] v3Index;

    public OpenApiDocuments(List<ResourceInfo> resources) {
        this(resources, true);
    }

    /**
     * @param serverFieldValidation whether write operations offer the fieldValidation
     *                              parameter; see {@link OpenApiV2#document(List, boolean)}
     */
    public OpenApiDocuments(List<ResourceInfo> resources, boolean serverFieldValidation) {
        this.serverFieldValidation = serverFieldValidation;
        this.resources = List.copyOf(resources);
        for (ResourceInfo r : this.resources) {
            groupVersionByPath.put(r.openApiV3Path(), r.groupVersion());
        }
    }

    public List<ResourceInfo> resources() {
        return resources;
    }

    /** /openapi/v2 as JSON. */
    public byte[] v2Json() {
        byte[] json = v2Json;
        if (json == null) {
            synchronized (this) {
                if (v2Json == null) {
                    ObjectNode doc = OpenApiV2.document(resources, serverFieldValidation);
                    v2Protobuf = OpenApiV2Protobuf.encode(doc);
                    v2Json = OpenApiV3.serialize(doc);
                }
                json = v2Json;
            }
        }
        return json;
    }

    /** /openapi/v2 as protobuf ({@link OpenApiV2#PROTOBUF_MEDIA_TYPE}), which kubectl requests. */
    public byte[] v2Protobuf() {
        v2Json();
        return v2Protobuf;
    }

    /** A strong ETag for the v2 document (both encodings carry the same content). */
    public String v2ETag() {
        return "\"" + OpenApiV3.hash(v2Json()) + "\"";
    }

    /** The /openapi/v3 index. */
    public byte[] v3Index() {
        byte[] index = v3Index;
        if (index == null) {
            Map<String, String> hashes = new TreeMap<>();
            for (String path : groupVersionByPath.keySet()) {
                hashes.put(path, v3Hash(path).orElseThrow());
            }
            index = OpenApiV3.serialize(OpenApiV3.discovery(hashes));
            v3Index = index;
        }
        return index;
    }

    /**
     * The document at an index path ("api/v1", "apis/apps/v1"), empty for paths the index
     * does not list.
     */
    public Optional<byte[]> v3Document(String path) {
        String groupVersion = groupVersionByPath.get(path);
        if (groupVersion == null) {
            return Optional.empty();
        }
        return Optional.of(v3Documents.computeIfAbsent(path,
                p -> OpenApiV3.serialize(OpenApiV3.groupVersionDocument(groupVersion, resources, serverFieldValidation))));
    }

    /** The hash the index gives for a document path. */
    public Optional<String> v3Hash(String path) {
        return v3Document(path).map(doc -> v3Hashes.computeIfAbsent(path, p -> OpenApiV3.hash(doc)));
    }
}
