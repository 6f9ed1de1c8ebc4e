package dev.jube.api.apply;

import dev.jube.api.patch.BuiltinPatchSchema;
import dev.jube.api.patch.PatchSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How server-side apply treats each field of one kind, as upstream's structured-merge-diff
 * schema tells it: whether a list is atomic, a set or a map keyed by some item fields, whether
 * an object is granular or atomic, and whether an object member is a declared field or an
 * entry of a map.
 *
 * <p>Paths are field names from the object root, as in {@link PatchSchema}: list items add no
 * segment (container fields are under {@code [..., "containers", "image"]}), map entries add
 * their key.
 */
public interface Schema {

    /** The list kinds of {@code x-kubernetes-list-type}. */
    enum ListType { ATOMIC, SET, MAP }

    /**
     * What the schema says about one path.
     *
     * @param listType    how a list at this path merges
     * @param mapKeys     for {@link ListType#MAP}: the item fields that identify an item
     * @param keyDefaults defaults of key fields items may omit (e.g. ports' protocol "TCP")
     * @param atomic      an object here (for a list: each item object) is owned and replaced whole
     * @param named       the last segment is a declared field of its parent object, not a map entry
     */
    record FieldType(ListType listType, List<String> mapKeys, Map<String, JsonNode> keyDefaults,
                     boolean atomic, boolean named) {

        /** A declared field with no special treatment: granular objects, atomic lists. */
        public static final FieldType DEFAULT = new FieldType(ListType.ATOMIC, List.of(), Map.of(), false, true);
        /** What upstream deduces for untyped data: granular map entries, atomic lists. */
        public static final FieldType DEDUCED = new FieldType(ListType.ATOMIC, List.of(), Map.of(), false, false);

        public FieldType {
            Objects.requireNonNull(listType, "listType");
            mapKeys = List.copyOf(mapKeys);
            keyDefaults = Map.copyOf(keyDefaults);
            if (listType == ListType.MAP && mapKeys.isEmpty()) {
                throw new IllegalArgumentException("a map list needs at least one key field");
            }
        }
    }

    FieldType typeAt(List<String> path);

    /**
     * The object a request starts from when there is none yet: what upstream's empty typed
     * object of the kind serialises to. It decides which created fields count as added
     * containers in Update tracking.
     */
    default ObjectNode emptyObject() {
        return GoJsonNodes.object();
    }

    /** Everything deduced from the data: objects are granular maps, lists are atomic. */
    Schema DEDUCED = path -> FieldType.DEDUCED;

    /**
     * The schema of a built-in kind (e.g. {@code forKind("apps/v1", "Deployment")}), derived from
     * {@link BuiltinPatchSchema} plus upstream's list-map keys and atomic types where they
     * differ from the patch strategies; kinds not in that table get declared fields with
     * granular objects and atomic lists.
     */
    static Schema forKind(String apiVersion, String kind) {
        return BuiltinSchema.forKind(apiVersion, kind);
    }

    /** A schema derived from strategic-merge strategies (merge key: map list; merge scalars: set). */
    static Schema fromPatchSchema(PatchSchema patchSchema) {
        return new BuiltinSchema(patchSchema, null);
    }

    /**
     * A schema from an OpenAPI v3 schema object (a CRD version's {@code openAPIV3Schema}), read
     * from {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
     * {@code x-kubernetes-map-type} and {@code x-kubernetes-preserve-unknown-fields}; local
     * {@code $ref}s into {@code definitions} or {@code components/schemas} of the same document
     * are followed.
     */
    static Schema fromOpenApi(JsonNode openApiSchema) {
        return new OpenApiSchema(openApiSchema);
    }
}
