package dev.jube.api.apply;

import dev.jube.api.patch.BuiltinPatchSchema;
import dev.jube.api.patch.PatchSchema;
import dev.jube.api.patch.PatchStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apply schema of built-in kinds, derived as upstream derives it when a field has no
 * explicit list type: a merge key makes a map list keyed by it, a merge strategy on scalars
 * makes a set, everything else is atomic. Where upstream declares something else explicitly
 * ({@code +listMapKey}, {@code +mapType=atomic}, {@code +structType=atomic}) the table below
 * records it.
 */
final class BuiltinSchema implements Schema {

    /**
     * {@code pathSuffix  what}: a path ending with the dotted suffix gets list-map keys
     * ({@code keys=a,b}, with {@code default:field=value} for a key's default), or is an
     * atomic object ({@code atomic}; for a list: its items).
     */
    private static final String[] OVERRIDES = {
        "containers.ports                   keys=containerPort,protocol  default:protocol=\"TCP\"",
        "initContainers.ports               keys=containerPort,protocol  default:protocol=\"TCP\"",
        "ephemeralContainers.ports          keys=containerPort,protocol  default:protocol=\"TCP\"",
        "spec.ports                         keys=port,protocol           default:protocol=\"TCP\"",
        "topologySpreadConstraints          keys=topologyKey,whenUnsatisfiable",
        // LabelSelector and the selector maps of Service and ReplicationController
        "spec.selector                      atomic",
        "nodeSelector                       atomic",
        "metadata.ownerReferences           atomic",
        "imagePullSecrets                   atomic",
        "valueFrom.fieldRef                 atomic",
        "valueFrom.resourceFieldRef         atomic",
        "valueFrom.configMapKeyRef          atomic",
        "valueFrom.secretKeyRef             atomic",
    };

    private static final String TEMPLATE = """
            {"metadata":{"creationTimestamp":null},"spec":{"containers":null}}""";

    /** What upstream's empty Go object of each kind serialises to (non-omitempty fields). */
    private static final Map<String, String> EMPTY_OBJECTS = Map.ofEntries(
            Map.entry("/Pod", """
                    {"metadata":{"creationTimestamp":null},"spec":{"containers":null},"status":{}}"""),
            Map.entry("/PodTemplate", "{\"metadata\":{\"creationTimestamp\":null},\"template\":" + TEMPLATE + "}"),
            Map.entry("/Service", """
                    {"metadata":{"creationTimestamp":null},"spec":{},"status":{"loadBalancer":{}}}"""),
            Map.entry("/Namespace", """
                    {"metadata":{"creationTimestamp":null},"spec":{},"status":{}}"""),
            Map.entry("/ReplicationController", """
                    {"metadata":{"creationTimestamp":null},"spec":{},"status":{"replicas":0}}"""),
            Map.entry("apps/Deployment", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"selector\":null,"
                    + "\"template\":" + TEMPLATE + ",\"strategy\":{}},\"status\":{}}"),
            Map.entry("apps/ReplicaSet", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"selector\":null,"
                    + "\"template\":" + TEMPLATE + "},\"status\":{\"replicas\":0}}"),
            Map.entry("apps/DaemonSet", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"selector\":null,"
                    + "\"template\":" + TEMPLATE + ",\"updateStrategy\":{}},\"status\":{\"currentNumberScheduled\":0,"
                    + "\"numberMisscheduled\":0,\"desiredNumberScheduled\":0,\"numberReady\":0}}"),
            Map.entry("apps/StatefulSet", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"selector\":null,"
                    + "\"template\":" + TEMPLATE + ",\"serviceName\":\"\",\"updateStrategy\":{}},"
                    + "\"status\":{\"replicas\":0,\"availableReplicas\":0}}"),
            Map.entry("batch/Job", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"template\":" + TEMPLATE
                    + "},\"status\":{}}"),
            Map.entry("batch/CronJob", "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"schedule\":\"\","
                    + "\"jobTemplate\":{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"template\":" + TEMPLATE
                    + "}}},\"status\":{}}"));

    private static final String DEFAULT_EMPTY_OBJECT = "{\"metadata\":{\"creationTimestamp\":null}}";

    private record Rule(List<String> suffix, List<String> keys, Map<String, JsonNode> defaults, boolean atomic) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Rule> TABLE = new ArrayList<>();

    static {
        for (String row : OVERRIDES) {
            String[] c = row.trim().split("\\s+");
            List<String> suffix = Arrays.asList(c[0].split("\\."));
            List<String> keys = List.of();
            Map<String, JsonNode> defaults = new HashMap<>();
            boolean atomic = false;
            for (int i = 1; i < c.length; i++) {
                if (c[i].equals("atomic")) {
                    atomic = true;
                } else if (c[i].startsWith("keys=")) {
                    keys = List.of(c[i].substring(5).split(","));
                } else if (c[i].startsWith("default:")) {
                    String[] kv = c[i].substring(8).split("=", 2);
                    defaults.put(kv[0], JSON.readTree(kv[1]));
                }
            }
            TABLE.add(new Rule(suffix, keys, defaults, atomic));
        }
    }

    private final PatchSchema patch;
    /** Parsed once; every caller gets a copy. */
    private final ObjectNode emptyObject;

    BuiltinSchema(PatchSchema patch, String emptyObject) {
        this.patch = patch;
        this.emptyObject = (ObjectNode) JSON.readTree(emptyObject == null ? DEFAULT_EMPTY_OBJECT : emptyObject);
    }

    /** Schemas are immutable and asked for on every write: one per kind. */
    private static final Map<String, BuiltinSchema> BY_KIND = new ConcurrentHashMap<>();

    static BuiltinSchema forKind(String apiVersion, String kind) {
        return BY_KIND.computeIfAbsent(apiVersion + "/" + kind, k -> new BuiltinSchema(
                BuiltinPatchSchema.forKind(apiVersion, kind).orElse(PatchSchema.NONE), emptyObjectOf(apiVersion, kind)));
    }

    private static String emptyObjectOf(String apiVersion, String kind) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return EMPTY_OBJECTS.get(group + "/" + kind);
    }

    @Override
    public FieldType typeAt(List<String> path) {
        if (path.isEmpty()) {
            return FieldType.DEFAULT;
        }
        PatchStrategy strategy = patch.strategy(path);
        ListType listType = ListType.ATOMIC;
        List<String> keys = List.of();
        Map<String, JsonNode> defaults = Map.of();
        if (strategy.merge() && strategy.mergeKey() != null) {
            listType = ListType.MAP;
            keys = List.of(strategy.mergeKey());
        } else if (strategy.merge()) {
            listType = ListType.SET;
        }
        boolean atomic = false;
        for (Rule o : TABLE) {
            if (endsWith(path, o.suffix())) {
                if (!o.keys().isEmpty() && listType == ListType.MAP) {
                    keys = o.keys();
                    defaults = o.defaults();
                }
                atomic |= o.atomic();
            }
        }
        return new FieldType(listType, keys, defaults, atomic, true);
    }

    @Override
    public ObjectNode emptyObject() {
        return emptyObject.deepCopy();
    }

    private static boolean endsWith(List<String> path, List<String> suffix) {
        int offset = path.size() - suffix.size();
        if (offset < 0) {
            return false;
        }
        // Compared from the last element, where paths differ most; called for every field of every write.
        for (int i = suffix.size() - 1; i >= 0; i--) {
            if (!suffix.get(i).equals(path.get(offset + i))) {
                return false;
            }
        }
        return true;
    }
}
