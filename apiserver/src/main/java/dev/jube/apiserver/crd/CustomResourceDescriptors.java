package dev.jube.apiserver.crd;

import dev.jube.api.table.CustomTables;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.VersionConverter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The descriptors that serve a CustomResourceDefinition: one per served version, in upstream's
 * version priority order, all stored under the CRD's storage version with conversion None (only
 * apiVersion changes between versions).
 */
final class CustomResourceDescriptors {

    private static final String[] WITHOUT_CREATE = ResourceDescriptor.ALL_VERBS.stream()
            .filter(v -> !v.equals("create")).toArray(String[]::new);

    private CustomResourceDescriptors() {}

    static List<ResourceDescriptor> of(JsonNode crd) {
        return of(crd, false);
    }

    /** With {@code terminating}, the CRD is being deleted: its objects are served but none are created. */
    static List<ResourceDescriptor> of(JsonNode crd, boolean terminating) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String group = spec.path("group").asString("");
        String plural = names.path("plural").asString("");
        String storageVersion = "";
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                storageVersion = v.path("name").asString("");
            }
        }
        String storageApiVersion = group + "/" + storageVersion;
        List<JsonNode> versions = new ArrayList<>();
        spec.path("versions").forEach(versions::add);
        versions.sort((a, b) -> KubeVersions.compare(a.path("name").asString(""), b.path("name").asString("")));
        List<ResourceDescriptor> out = new ArrayList<>();
        for (JsonNode v : versions) {
            if (!v.path("served").asBoolean(false)) {
                continue;
            }
            String version = v.path("name").asString("");
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            ResourceDescriptor.Builder b = ResourceDescriptor.builder(group, version, names.path("kind").asString(""),
                            plural)
                    .singular(names.path("singular").asString(names.path("kind").asString("").toLowerCase()))
                    .shortNames(strings(names.path("shortNames")))
                    .categories(strings(names.path("categories")))
                    .tracksGeneration()
                    .verbs(terminating ? WITHOUT_CREATE : ResourceDescriptor.ALL_VERBS.toArray(String[]::new))
                    .strategy(new CustomResourceStrategy(schema.isObject() ? schema : null))
                    .table(CustomTables.definition(v.get("additionalPrinterColumns")))
                    .storedAs(plural, storageApiVersion, new Defaulting(schema));
            if (schema.isObject()) {
                b.openApiSchema((ObjectNode) schema.deepCopy());
            }
            if (!"Namespaced".equals(spec.path("scope").asString(""))) {
                b.clusterScoped();
            }
            JsonNode subresources = v.path("subresources");
            if (subresources.has("status")) {
                b.statusSubresource();
            }
            JsonNode scale = subresources.get("scale");
            if (scale != null && scale.isObject()) {
                b.scaleSubresource(new ResourceDescriptor.ScalePaths(scale.path("specReplicasPath").asString(""),
                        scale.path("statusReplicasPath").asString(""),
                        scale.path("labelSelectorPath").asString(null)));
            }
            if (v.path("deprecated").asBoolean(false)) {
                String warning = v.path("deprecationWarning").asString("");
                b.deprecated(warning.isEmpty() ? group + "/" + version + " " + names.path("kind").asString("")
                        + " is deprecated" : warning);
            }
            out.add(b.build());
        }
        return out;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asString("")));
        return out;
    }

    /** Conversion None, plus the version's defaults applied to objects read from storage, as upstream. */
    private record Defaulting(JsonNode schema) implements VersionConverter {
        @Override
        public ObjectNode toStorage(ObjectNode served) {
            return served;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode stored) {
            if (schema.isObject()) {
                SchemaDefaultsAndPruning.applyDefaults(stored, schema);
            }
            return stored;
        }
    }
}
