package dev.jube.api.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The strategic-merge strategies of the built-in kinds users patch most (core/v1, apps/v1,
 * batch/v1), taken from upstream's {@code patchStrategy}/{@code patchMergeKey} struct tags and
 * recorded as a table of type fields. Fields not in the table have the default strategy
 * (objects merge, lists are replaced), which is also upstream's default for untagged fields.
 */
public final class BuiltinPatchSchema {

    /**
     * One row per field: {@code Type.field  strategy  mergeKey  FieldType}, "-" for none. A
     * field type is listed only where deeper fields have strategies of their own.
     */
    private static final String[] FIELDS = {
        // metav1
        "ObjectMeta.finalizers                 merge             -              -",
        "ObjectMeta.ownerReferences            merge             uid            -",
        // core/v1 pods
        "PodTemplateSpec.metadata              -                 -              ObjectMeta",
        "PodTemplateSpec.spec                  -                 -              PodSpec",
        "PodSpec.volumes                       merge,retainKeys  name           -",
        "PodSpec.initContainers                merge             name           Container",
        "PodSpec.containers                    merge             name           Container",
        "PodSpec.ephemeralContainers           merge             name           Container",
        "PodSpec.imagePullSecrets              merge             name           -",
        "PodSpec.hostAliases                   merge             ip             -",
        "PodSpec.topologySpreadConstraints     merge             topologyKey    -",
        "PodSpec.schedulingGates               merge             name           -",
        "PodSpec.resourceClaims                merge,retainKeys  name           -",
        "Container.ports                       merge             containerPort  -",
        "Container.env                         merge             name           -",
        "Container.volumeMounts                merge             mountPath      -",
        "Container.volumeDevices               merge             devicePath     -",
        "PodStatus.conditions                  merge             type           -",
        "PodStatus.podIPs                      merge             ip             -",
        "PodStatus.hostIPs                     merge             ip             -",
        "PodStatus.resourceClaimStatuses       merge,retainKeys  name           -",
        // core/v1 others
        "ServiceSpec.ports                     merge             port           -",
        "ServiceStatus.conditions              merge             type           -",
        "NodeSpec.podCIDRs                     merge             -              -",
        "NodeStatus.conditions                 merge             type           -",
        "NodeStatus.addresses                  merge             type           -",
        "NamespaceStatus.conditions            merge             type           -",
        "PersistentVolumeClaimStatus.conditions merge            type           -",
        "ReplicationControllerSpec.template    -                 -              PodTemplateSpec",
        "ReplicationControllerStatus.conditions merge            type           -",
        "ServiceAccount.secrets                merge             name           -",
        // apps/v1
        "DeploymentSpec.template               -                 -              PodTemplateSpec",
        "DeploymentSpec.strategy               retainKeys        -              -",
        "DeploymentStatus.conditions           merge             type           -",
        "ReplicaSetSpec.template               -                 -              PodTemplateSpec",
        "ReplicaSetStatus.conditions           merge             type           -",
        "StatefulSetSpec.template              -                 -              PodTemplateSpec",
        "StatefulSetStatus.conditions          merge             type           -",
        "DaemonSetSpec.template                -                 -              PodTemplateSpec",
        "DaemonSetStatus.conditions            merge             type           -",
        // batch/v1
        "JobSpec.template                      -                 -              PodTemplateSpec",
        "JobStatus.conditions                  merge             type           -",
        "JobTemplateSpec.metadata              -                 -              ObjectMeta",
        "JobTemplateSpec.spec                  -                 -              JobSpec",
        "CronJobSpec.jobTemplate               -                 -              JobTemplateSpec",
    };

    /** Top-level kinds: {@code group/Kind  specType  statusType}; every kind has ObjectMeta metadata. */
    private static final String[] KINDS = {
        "/Pod                    PodSpec                    PodStatus",
        "/PodTemplate            -                          -",
        "/Service                ServiceSpec                ServiceStatus",
        "/Node                   NodeSpec                   NodeStatus",
        "/Namespace              -                          NamespaceStatus",
        "/PersistentVolumeClaim  -                          PersistentVolumeClaimStatus",
        "/ReplicationController  ReplicationControllerSpec  ReplicationControllerStatus",
        "/ServiceAccount         -                          -",
        "/ConfigMap              -                          -",
        "/Secret                 -                          -",
        "/Endpoints              -                          -",
        "/Event                  -                          -",
        "/LimitRange             -                          -",
        "/ResourceQuota          -                          -",
        "/PersistentVolume       -                          -",
        "apps/Deployment         DeploymentSpec             DeploymentStatus",
        "apps/ReplicaSet         ReplicaSetSpec             ReplicaSetStatus",
        "apps/StatefulSet        StatefulSetSpec            StatefulSetStatus",
        "apps/DaemonSet          DaemonSetSpec              DaemonSetStatus",
        "batch/Job               JobSpec                    JobStatus",
        "batch/CronJob           CronJobSpec                -",
    };

    private record Field(PatchStrategy strategy, String type) {
    }

    private static final Map<String, Map<String, Field>> TYPES = new HashMap<>();
    private static final Map<String, String> ROOTS = new HashMap<>();

    static {
        for (String row : FIELDS) {
            String[] c = row.trim().split("\\s+");
            int dot = c[0].indexOf('.');
            PatchStrategy strategy = PatchStrategy.fromTags(dash(c[1]), dash(c[2]));
            TYPES.computeIfAbsent(c[0].substring(0, dot), t -> new HashMap<>())
                    .put(c[0].substring(dot + 1), new Field(strategy, dash(c[3])));
        }
        for (String row : KINDS) {
            String[] c = row.trim().split("\\s+");
            String root = "kind:" + c[0];
            // Fields directly on the kind (e.g. ServiceAccount.secrets) are rows under its name.
            String kindName = c[0].substring(c[0].indexOf('/') + 1);
            Map<String, Field> fields = new HashMap<>(TYPES.getOrDefault(kindName, Map.of()));
            fields.put("metadata", new Field(PatchStrategy.DEFAULT, "ObjectMeta"));
            // PodTemplate carries a PodTemplateSpec in "template"; other kinds have spec and status.
            if (c[0].equals("/PodTemplate")) {
                fields.put("template", new Field(PatchStrategy.DEFAULT, "PodTemplateSpec"));
            }
            if (dash(c[1]) != null) {
                fields.put("spec", new Field(PatchStrategy.DEFAULT, c[1]));
            }
            if (dash(c[2]) != null) {
                fields.put("status", new Field(PatchStrategy.DEFAULT, c[2]));
            }
            TYPES.put(root, fields);
            ROOTS.put(c[0], root);
        }
    }

    private BuiltinPatchSchema() {
    }

    /**
     * The schema of a built-in kind, e.g. {@code forKind("apps/v1", "Deployment")} or
     * {@code forKind("v1", "Pod")}; empty for kinds not in the table (custom resources, whose
     * strategic merge upstream refuses).
     */
    public static Optional<PatchSchema> forKind(String apiVersion, String kind) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String root = ROOTS.get(group + "/" + kind);
        return root == null ? Optional.empty() : Optional.of(rootedAt(root));
    }

    /** The schema of a named type of the table, e.g. "PodSpec" or "ObjectMeta". */
    public static PatchSchema forType(String typeName) {
        if (!TYPES.containsKey(typeName)) {
            throw new IllegalArgumentException("no patch strategies recorded for type " + typeName);
        }
        return rootedAt(typeName);
    }

    private static PatchSchema rootedAt(String rootType) {
        return path -> lookup(rootType, path);
    }

    private static PatchStrategy lookup(String rootType, List<String> path) {
        String type = rootType;
        for (int i = 0; i < path.size(); i++) {
            Map<String, Field> fields = type == null ? null : TYPES.get(type);
            Field field = fields == null ? null : fields.get(path.get(i));
            if (field == null) {
                return PatchStrategy.DEFAULT;
            }
            if (i == path.size() - 1) {
                return field.strategy();
            }
            type = field.type();
        }
        return PatchStrategy.DEFAULT;
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }
}
