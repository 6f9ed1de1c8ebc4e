package dev.jube.apiserver.openapi;

import dev.jube.api.openapi.BuiltinResources;
import dev.jube.api.openapi.OpenApiDocuments;
import dev.jube.api.openapi.OpenApiV2;
import dev.jube.api.openapi.ResourceInfo;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents of the served resources: {@code /openapi/v2} (JSON, or protobuf when
 * asked for it, as kubectl does), the {@code /openapi/v3} index and one v3 document per
 * group-version. Built-in kinds are described by their fabric8 model classes, custom resources
 * by their CRD version's schema. The documents are rebuilt when the registry changes.
 */
public final class OpenApiEndpoint {

    /** A document's bytes, its content type and its entity tag. */
    public record Document(byte[] body, String contentType, String etag) {}

    /** The documents of one registry generation. */
    private record Built(long generation, OpenApiDocuments documents) {}

    private final ResourceRegistry registry;
    private final boolean serverFieldValidation;
    private final KindSchemas schemas;
    private volatile Built built;
    private final AtomicBoolean rebuildScheduled = new AtomicBoolean();

    /**
     * @param serverFieldValidation whether the documents advertise the fieldValidation parameter,
     *                              i.e. whether this server checks unknown fields itself
     */
    public OpenApiEndpoint(ResourceRegistry registry, boolean serverFieldValidation) {
        this.registry = registry;
        this.serverFieldValidation = serverFieldValidation;
        this.built = new Built(registry.generation(),
                new OpenApiDocuments(resources(registry), serverFieldValidation));
        this.schemas = new KindSchemas(path -> documents().v3Document(path));
        registry.onChange(this::rebuildSoon);
    }

    /**
     * Rebuilds the documents in the background once a burst of registry changes is over. A
     * platform thread: the build is CPU-bound and must not hold a virtual thread's carrier.
     */
    private void rebuildSoon() {
        if (!rebuildScheduled.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("openapi-rebuild").start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } finally {
                rebuildScheduled.set(false);
            }
            documents().v2Json();
        });
    }

    /** The documents of the registry as it is now. */
    private OpenApiDocuments documents() {
        Built b = built;
        long generation = registry.generation();
        if (b.generation() == generation) {
            return b.documents();
        }
        synchronized (this) {
            b = built;
            generation = registry.generation();
            if (b.generation() != generation) {
                b = new Built(generation, new OpenApiDocuments(resources(registry), serverFieldValidation));
                built = b;
                schemas.clear();
            }
            return b.documents();
        }
    }

    /** The kinds' schemas, for the unknown-field check of writes. */
    public KindSchemas schemas() {
        return schemas;
    }

    /** Builds the v2 document in the background, so the first kubectl that validates does not wait for it. */
    public OpenApiEndpoint warmUp() {
        Thread.ofVirtual().name("openapi-warm-up").start(() -> documents().v2Json());
        return this;
    }

    /** The descriptors as the OpenAPI library describes resources. */
    static List<ResourceInfo> resources(ResourceRegistry registry) {
        Map<String, ResourceInfo> models = new HashMap<>();
        for (ResourceInfo r : BuiltinResources.all()) {
            models.put(r.groupVersion() + "/" + r.plural(), r);
        }
        List<ResourceInfo> out = new ArrayList<>();
        for (ResourceDescriptor d : registry.all()) {
            ResourceInfo model = models.get(d.apiVersion() + "/" + d.resource());
            List<String> subresources = List.copyOf(d.subresources());
            if (model != null) {
                out.add(ResourceInfo.builtin(d.group(), d.version(), d.kind(), d.resource(), d.namespaced(), d.verbs(),
                        subresources, model.modelClass()));
            } else {
                out.add(ResourceInfo.custom(d.group(), d.version(), d.kind(), d.resource(), d.namespaced(), d.verbs(),
                        subresources, d.openApiSchema() != null ? d.openApiSchema() : anyObject()));
            }
        }
        return out;
    }

    private static ObjectNode anyObject() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.put("x-kubernetes-preserve-unknown-fields", true);
        return schema;
    }

    /** /openapi/v2 in the representation the Accept header prefers. */
    public Document v2(String accept) {
        OpenApiDocuments documents = documents();
        if (accept != null && (accept.contains(OpenApiV2.PROTOBUF_MEDIA_TYPE)
                || accept.contains(OpenApiV2.PROTOBUF_CONTENT_TYPE))) {
            return new Document(documents.v2Protobuf(), OpenApiV2.PROTOBUF_CONTENT_TYPE, documents.v2ETag());
        }
        return new Document(documents.v2Json(), "application/json", documents.v2ETag());
    }

    public Document v3Index() {
        return new Document(documents().v3Index(), "application/json", null);
    }

    /** A group-version document by its index path ("api/v1", "apis/apps/v1"); empty when not served. */
    public Optional<Document> v3(String path) {
        OpenApiDocuments documents = documents();
        return documents.v3Document(path).map(doc -> new Document(doc, "application/json",
                "\"" + documents.v3Hash(path).orElseThrow() + "\""));
    }
}
