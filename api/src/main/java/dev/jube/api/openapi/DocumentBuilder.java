package dev.jube.api.openapi;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects the paths and definitions of one document. Definitions come shared from
 * {@link OpenApiModel}; the few this document changes (kinds get their group-version-kind)
 * are copied first.
 */
final class DocumentBuilder {

    private static final String FABRIC8_META = DefinitionNames.FABRIC8_MODEL + ".";

    private final Dialect dialect;
    private final Map<String, ObjectNode> definitions = new TreeMap<>();
    private final Set<String> owned = new HashSet<>();
    private final ObjectNode paths = OpenApiModel.JSON.objectNode();
    private final PathWriter writer;
    private final Map<String, String[]> groupVersions = new LinkedHashMap<>();

    /**
     * @param fieldValidation whether write operations advertise the fieldValidation query
     *                        parameter (kubectl then leaves validation to the server)
     */
    DocumentBuilder(Dialect dialect, boolean fieldValidation) {
        this.dialect = dialect;
        this.writer = new PathWriter(dialect, this, fieldValidation);
    }

    void addAll(List<ResourceInfo> resources) {
        for (ResourceInfo r : resources) {
            add(r);
        }
        for (String[] gv : groupVersions.values()) {
            writer.writeGroupVersionRoot(gv[0], gv[1], gv[2]);
        }
    }

    private void add(ResourceInfo r) {
        groupVersions.putIfAbsent(r.pathPrefix(), new String[] {r.pathPrefix(), r.group(), r.version()});
        ObjectNode gvk = PathWriter.gvk(r.group(), r.version(), r.kind());
        ObjectNode listGvk = PathWriter.gvk(r.group(), r.version(), r.kind() + "List");
        String kindDef;
        String listDef;
        if (r.modelClass() != null) {
            kindDef = includeKind(r.modelClass(), gvk);
            Class<?> listClass = listClassOf(r.modelClass());
            listDef = listClass != null ? includeKind(listClass, listGvk) : syntheticList(kindDef, listGvk);
        } else {
            kindDef = DefinitionNames.ofCustom(r.group(), r.version(), r.kind());
            if (definitions.containsKey(kindDef)) {
                throw new IllegalArgumentException("custom resource " + r.kind() + " of " + r.groupVersion()
                        + " is listed twice");
            }
            ObjectNode schema = CustomResourceSchemas.kindSchema(r.customSchema(), dialect, meta("ObjectMeta"));
            definitions.put(kindDef, schema);
            owned.add(kindDef);
            addGvk(kindDef, gvk);
            listDef = syntheticList(kindDef, listGvk);
        }
        writer.write(r, kindDef, listDef);
    }

    /** Includes a model class and its references; returns its definition name. */
    String include(Class<?> model) {
        Map<String, ObjectNode> closure = OpenApiModel.definitions(model);
        closure.forEach(definitions::putIfAbsent);
        return closure.keySet().iterator().next();
    }

    /** Includes a top-level kind and marks its definition with the group-version-kind. */
    String includeKind(Class<?> model, ObjectNode gvk) {
        String name = include(model);
        addGvk(name, gvk);
        return name;
    }

    /** A meta/v1 type by its simple name, e.g. "DeleteOptions". */
    String meta(String simpleName) {
        try {
            return include(Class.forName(FABRIC8_META + simpleName));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("fabric8 lacks meta type " + simpleName, e);
        }
    }

    ObjectNode paths() {
        return paths;
    }

    /** Definitions sorted by name. */
    ObjectNode definitionsNode() {
        ObjectNode out = OpenApiModel.JSON.objectNode();
        definitions.forEach(out::set);
        return out;
    }

    /** Paths sorted as upstream sorts them. */
    ObjectNode sortedPaths() {
        Map<String, JsonNode> sorted = new TreeMap<>();
        paths.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        ObjectNode out = OpenApiModel.JSON.objectNode();
        sorted.forEach(out::set);
        return out;
    }

    private void addGvk(String definition, ObjectNode gvk) {
        if (owned.add(definition)) {
            definitions.put(definition, definitions.get(definition).deepCopy());
        }
        ObjectNode schema = definitions.get(definition);
        ArrayNode list = schema.has("x-kubernetes-group-version-kind")
                ? (ArrayNode) schema.get("x-kubernetes-group-version-kind")
                : schema.putArray("x-kubernetes-group-version-kind");
        for (JsonNode existing : list) {
            if (existing.equals(gvk)) {
                return;
            }
        }
        list.add(gvk.deepCopy());
    }

    private String syntheticList(String kindDef, ObjectNode listGvk) {
        String name = kindDef + "List";
        ObjectNode list = OpenApiModel.JSON.objectNode();
        list.put("type", "object");
        ObjectNode props = list.putObject("properties");
        props.putObject("apiVersion").put("type", "string");
        ObjectNode items = props.putObject("items").put("type", "array");
        items.putObject("items").put("$ref", OpenApiModel.REF_PREFIX + kindDef);
        props.putObject("kind").put("type", "string");
        props.putObject("metadata").put("$ref", OpenApiModel.REF_PREFIX + meta("ListMeta"));
        list.putArray("required").add("items");
        definitions.put(name, list);
        owned.add(name);
        addGvk(name, listGvk);
        return name;
    }

    private static Class<?> listClassOf(Class<?> model) {
        try {
            return Class.forName(model.getName() + "List", false, model.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
