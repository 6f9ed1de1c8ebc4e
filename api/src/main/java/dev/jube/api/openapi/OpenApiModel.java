package dev.jube.api.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jube.api.patch.BuiltinPatchSchema;
import dev.jube.api.patch.PatchSchema;
import dev.jube.api.patch.PatchStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI schemas of the fabric8 model classes, derived by reflection over their Jackson
 * annotations and named as upstream names them. Schemas are in the swagger 2.0 form
 * ({@code #/definitions/...} references); {@link OpenApiV3} rewrites them for 3.0.
 *
 * <p>Each definition is built once per JVM and shared: callers must treat returned nodes as
 * read-only and copy before changing them.
 */
public final class OpenApiModel {

    static final String REF_PREFIX = "#/definitions/";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Definitions whose shape is not that of their Java class (custom (de)serializers upstream too). */
    private static final Map<String, ObjectNode> SPECIAL = new HashMap<>();

    /** String fields that hold a metav1.Time; fabric8 models them as plain strings. */
    private static final Pattern TIME_FIELD = Pattern.compile(".*(Time|Timestamp)|startedAt|finishedAt");

    /** Go packages whose strategic-merge tags {@link BuiltinPatchSchema} records, by short type name. */
    private static final Set<String> PATCH_TABLE_PACKAGES = Set.of(
            "io.k8s.api.core.v1.", "io.k8s.api.apps.v1.", "io.k8s.api.batch.v1.", DefinitionNames.META);

    static {
        SPECIAL.put(DefinitionNames.QUANTITY, JSON.objectNode().put("type", "string"));
        SPECIAL.put(DefinitionNames.INT_OR_STRING, JSON.objectNode().put("type", "string").put("format", "int-or-string"));
        SPECIAL.put(DefinitionNames.TIME, JSON.objectNode().put("type", "string").put("format", "date-time"));
        SPECIAL.put(DefinitionNames.MICRO_TIME, JSON.objectNode().put("type", "string").put("format", "date-time"));
        SPECIAL.put(DefinitionNames.META + "Duration", JSON.objectNode().put("type", "string"));
        SPECIAL.put(DefinitionNames.RAW_EXTENSION, JSON.objectNode().put("type", "object"));
        SPECIAL.put(DefinitionNames.META + "FieldsV1", JSON.objectNode().put("type", "object"));
        SPECIAL.put(DefinitionNames.PATCH, JSON.objectNode().put("type", "object"));
    }

    private static final Map<String, ObjectNode> DEFINITIONS = new HashMap<>();
    private static final Map<String, Set<String>> DEPENDENCIES = new HashMap<>();
    private static final Map<Class<?>, String> NAMES = new HashMap<>();
    private static final Map<String, Optional<PatchSchema>> PATCH_TABLES = new HashMap<>();

    private OpenApiModel() {
    }

    /** The upstream definition name of a fabric8 model class, e.g. "io.k8s.api.core.v1.Pod". */
    public static String definitionName(Class<?> type) {
        return DefinitionNames.of(type);
    }

    /**
     * The definition of {@code type} and every definition it references, by name, in a stable
     * order (the root first). The nodes are shared and must not be modified.
     *
     * @throws IllegalArgumentException when a field has a Java type with no OpenAPI mapping
     */
    public static synchronized Map<String, ObjectNode> definitions(Class<?> type) {
        String root = ensure(type);
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (out.containsKey(name)) {
                continue;
            }
            out.put(name, DEFINITIONS.get(name));
            todo.addAll(DEPENDENCIES.getOrDefault(name, Set.of()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String ensure(Class<?> type) {
        String known = NAMES.get(type);
        if (known != null) {
            return known;
        }
        String name = DefinitionNames.of(type);
        NAMES.put(type, name);
        if (DEFINITIONS.containsKey(name)) {
            return name;
        }
        Set<String> deps = new LinkedHashSet<>();
        // Register before recursing so that recursive types (JSONSchemaProps) terminate.
        ObjectNode schema = JSON.objectNode();
        DEFINITIONS.put(name, schema);
        DEPENDENCIES.put(name, deps);
        ObjectNode special = SPECIAL.get(name);
        if (special != null) {
            schema.setAll(special);
        } else if (isOpaque(type)) {
            // Custom (de)serialization: the JSON shape is not the Java fields; accept anything.
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        } else {
            describeObject(type, name, schema, deps);
        }
        return name;
    }

    private static boolean isOpaque(Class<?> type) {
        JsonDeserialize d = type.getAnnotation(JsonDeserialize.class);
        return d != null && d.using() != tools.jackson.databind.ValueDeserializer.None.class;
    }

    private static void describeObject(Class<?> type, String name, ObjectNode schema, Set<String> deps) {
        Map<String, ObjectNode> properties = new TreeMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property == null || Modifier.isStatic(field.getModifiers())
                        || field.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                String json = property.value().isEmpty() ? field.getName() : property.value();
                ObjectNode fieldSchema = typeSchema(field.getGenericType(), name, json, deps);
                decorate(fieldSchema, name, json);
                properties.putIfAbsent(json, fieldSchema);
            }
        }
        schema.put("type", "object");
        if (!properties.isEmpty()) {
            ObjectNode props = schema.putObject("properties");
            properties.forEach(props::set);
        }
        List<String> required = UpstreamFacts.required(name);
        if (!required.isEmpty()) {
            var array = schema.putArray("required");
            for (String r : required) {
                if (!properties.containsKey(r)) {
                    throw new IllegalStateException("required field " + r + " is not a property of " + name);
                }
                array.add(r);
            }
        }
        if (UpstreamFacts.atomicMap(name)) {
            schema.put("x-kubernetes-map-type", "atomic");
        }
    }

    /** Adds the list semantics and strategic-merge tags upstream has on the field. */
    private static void decorate(ObjectNode fieldSchema, String owner, String field) {
        UpstreamFacts.ListFacts list = UpstreamFacts.list(owner, field);
        if (list != null) {
            if (!list.mapKeys().isEmpty()) {
                var keys = fieldSchema.putArray("x-kubernetes-list-map-keys");
                list.mapKeys().forEach(keys::add);
            }
            fieldSchema.put("x-kubernetes-list-type", list.listType());
        }
        PatchStrategy strategy = patchStrategy(owner, field);
        if (strategy.mergeKey() != null) {
            fieldSchema.put("x-kubernetes-patch-merge-key", strategy.mergeKey());
        }
        String tag = strategyTag(strategy);
        if (!tag.isEmpty()) {
            fieldSchema.put("x-kubernetes-patch-strategy", tag);
        }
    }

    private static PatchStrategy patchStrategy(String owner, String field) {
        int dot = owner.lastIndexOf('.');
        String pkg = owner.substring(0, dot + 1);
        if (!PATCH_TABLE_PACKAGES.contains(pkg)) {
            return PatchStrategy.DEFAULT;
        }
        Optional<PatchSchema> table = PATCH_TABLES.computeIfAbsent(owner.substring(dot + 1), simple -> {
            try {
                return Optional.of(BuiltinPatchSchema.forType(simple));
            } catch (IllegalArgumentException noStrategies) {
                return Optional.empty();
            }
        });
        return table.map(t -> t.strategy(List.of(field))).orElse(PatchStrategy.DEFAULT);
    }

    private static String strategyTag(PatchStrategy s) {
        StringBuilder sb = new StringBuilder();
        if (s.merge()) {
            sb.append("merge");
        }
        if (s.replace()) {
            sb.append("replace");
        }
        if (s.retainKeys()) {
            sb.append(sb.isEmpty() ? "" : ",").append("retainKeys");
        }
        return sb.toString();
    }

    private static ObjectNode typeSchema(Type type, String owner, String field, Set<String> deps) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", typeSchema(args[0], owner, field, deps));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.set("additionalProperties", isBytes(owner, field)
                        ? JSON.objectNode().put("type", "string").put("format", "byte")
                        : typeSchema(args[1], owner, field, deps));
                return map;
            }
        }
        if (!(type instanceof Class<?> c)) {
            // Type variables and wildcards: any value.
            return arbitrary();
        }
        if (c == String.class) {
            return TIME_FIELD.matcher(field).matches() ? ref(DefinitionNames.TIME, deps)
                    : JSON.objectNode().put("type", "string");
        }
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (c == Double.class || c == double.class) {
            return JSON.objectNode().put("type", "number").put("format", "double");
        }
        if (c == Float.class || c == float.class) {
            return JSON.objectNode().put("type", "number").put("format", "float");
        }
        if (c == byte[].class) {
            return JSON.objectNode().put("type", "string").put("format", "byte");
        }
        if (Temporal.class.isAssignableFrom(c)) {
            return ref(DefinitionNames.MICRO_TIME, deps);
        }
        if (c == java.time.Duration.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return arbitrary();
        }
        if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return ref(DefinitionNames.RAW_EXTENSION, deps);
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("raw collection type " + c.getName() + " of " + owner + "." + field);
        }
        if (c.getPackageName().startsWith(DefinitionNames.FABRIC8_MODEL)) {
            return ref(ensure(c), deps);
        }
        throw new IllegalArgumentException("no OpenAPI mapping for " + c.getName() + " of " + owner + "." + field);
    }

    private static ObjectNode ref(String name, Set<String> deps) {
        if (!DEFINITIONS.containsKey(name)) {
            ObjectNode special = SPECIAL.get(name);
            if (special == null) {
                throw new IllegalStateException("unknown definition " + name);
            }
            DEFINITIONS.put(name, special);
        }
        deps.add(name);
        return JSON.objectNode().put("$ref", REF_PREFIX + name);
    }

    private static boolean isBytes(String owner, String field) {
        return (owner.equals(DefinitionNames.CORE + "Secret") && field.equals("data"))
                || (owner.equals(DefinitionNames.CORE + "ConfigMap") && field.equals("binaryData"));
    }

    static ObjectNode arbitrary() {
        return JSON.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
    }
}
