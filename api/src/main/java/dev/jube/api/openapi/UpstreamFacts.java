package dev.jube.api.openapi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Go struct tags and markers of upstream's types say and the Java models do not:
 * required fields, list semantics for server-side apply, and map atomicity. Types are named
 * by the tail of their definition name ("core.v1.Container" for "io.k8s.api.core.v1.Container",
 * "meta.v1.OwnerReference" for the apimachinery one).
 */
final class UpstreamFacts {

    /** {@code type  required fields...}: fields upstream marks required (no omitempty, no +optional). */
    private static final String[] REQUIRED = {
        "core.v1.PodSpec                        containers",
        "core.v1.Container                      name",
        "core.v1.EphemeralContainer             name",
        "core.v1.ContainerPort                  containerPort",
        "core.v1.EnvVar                         name",
        "core.v1.VolumeMount                    name mountPath",
        "core.v1.VolumeDevice                   name devicePath",
        "core.v1.Volume                         name",
        "core.v1.KeyToPath                      key path",
        "core.v1.ConfigMapKeySelector           key",
        "core.v1.SecretKeySelector              key",
        "core.v1.ObjectFieldSelector            fieldPath",
        "core.v1.ResourceFieldSelector          resource",
        "core.v1.DownwardAPIVolumeFile          path",
        "core.v1.ServiceAccountTokenProjection  path",
        "core.v1.HostPathVolumeSource           path",
        "core.v1.NFSVolumeSource                server path",
        "core.v1.PersistentVolumeClaimVolumeSource claimName",
        "core.v1.HTTPGetAction                  port",
        "core.v1.HTTPHeader                     name value",
        "core.v1.TCPSocketAction                port",
        "core.v1.GRPCAction                     port",
        "core.v1.SleepAction                    seconds",
        "core.v1.ServicePort                    port",
        "core.v1.EndpointAddress                ip",
        "core.v1.EndpointPort                   port",
        "core.v1.NodeSelector                   nodeSelectorTerms",
        "core.v1.NodeSelectorRequirement        key operator",
        "core.v1.PreferredSchedulingTerm        weight preference",
        "core.v1.PodAffinityTerm                topologyKey",
        "core.v1.WeightedPodAffinityTerm        weight podAffinityTerm",
        "core.v1.TopologySpreadConstraint       maxSkew topologyKey whenUnsatisfiable",
        "core.v1.Taint                          key effect",
        "core.v1.HostAlias                      ip",
        "core.v1.Sysctl                         name value",
        "core.v1.SeccompProfile                 type",
        "core.v1.AppArmorProfile                type",
        "core.v1.PodReadinessGate               conditionType",
        "core.v1.PodSchedulingGate              name",
        "core.v1.PodResourceClaim               name",
        "core.v1.ResourceClaim                  name",
        "core.v1.ContainerResizePolicy          resourceName restartPolicy",
        "core.v1.PodCondition                   type status",
        "core.v1.NodeCondition                  type status",
        "core.v1.NamespaceCondition             type status",
        "core.v1.PersistentVolumeClaimCondition type status",
        "core.v1.ReplicationControllerCondition type status",
        "core.v1.ContainerStatus                name ready restartCount image imageID",
        "core.v1.NodeAddress                    type address",
        "core.v1.LimitRangeItem                 type",
        "core.v1.LimitRangeSpec                 limits",
        "core.v1.ScopedResourceSelectorRequirement scopeName operator",
        "core.v1.Event                          metadata involvedObject",
        "core.v1.Binding                        target",
        "meta.v1.OwnerReference                 apiVersion kind name uid",
        "meta.v1.LabelSelectorRequirement       key operator",
        "meta.v1.Condition                      type status lastTransitionTime reason message",
        "meta.v1.WatchEvent                     type object",
        "apps.v1.DeploymentSpec                 selector template",
        "apps.v1.ReplicaSetSpec                 selector",
        "apps.v1.StatefulSetSpec                selector template",
        "apps.v1.DaemonSetSpec                  selector template",
        "apps.v1.DeploymentCondition            type status",
        "apps.v1.ReplicaSetCondition            type status",
        "apps.v1.StatefulSetCondition           type status",
        "apps.v1.DaemonSetCondition             type status",
        "apps.v1.ControllerRevision             revision",
        "batch.v1.JobSpec                       template",
        "batch.v1.CronJobSpec                   schedule jobTemplate",
        "batch.v1.JobCondition                  type status",
        "rbac.v1.PolicyRule                     verbs",
        "rbac.v1.RoleRef                        apiGroup kind name",
        "rbac.v1.Subject                        kind name",
        "rbac.v1.RoleBinding                    roleRef",
        "rbac.v1.ClusterRoleBinding             roleRef",
        "networking.v1.HTTPIngressRuleValue     paths",
        "networking.v1.HTTPIngressPath          pathType backend",
        "networking.v1.IngressServiceBackend    name",
        "networking.v1.IngressClassParametersReference kind name",
        "discovery.v1.EndpointSlice             addressType endpoints",
        "discovery.v1.Endpoint                  addresses",
        "storage.v1.StorageClass                provisioner",
        "storage.v1.CSIDriver                   spec",
        "storage.v1.CSINode                     spec",
        "storage.v1.VolumeAttachment            spec",
        "storage.v1.VolumeAttachmentSpec        attacher source nodeName",
        "scheduling.v1.PriorityClass            value",
        "node.v1.RuntimeClass                   handler",
        "autoscaling.v1.HorizontalPodAutoscalerSpec scaleTargetRef maxReplicas",
        "autoscaling.v1.CrossVersionObjectReference kind name",
        "autoscaling.v2.HorizontalPodAutoscalerSpec scaleTargetRef maxReplicas",
        "autoscaling.v2.CrossVersionObjectReference kind name",
        "autoscaling.v2.MetricSpec              type",
        "certificates.v1.CertificateSigningRequest spec",
        "certificates.v1.CertificateSigningRequestSpec request signerName",
        "events.v1.Event                        eventTime",
        "admissionregistration.v1.MutatingWebhook name clientConfig sideEffects admissionReviewVersions",
        "admissionregistration.v1.ValidatingWebhook name clientConfig sideEffects admissionReviewVersions",
        "apiextensions.v1.CustomResourceDefinition spec",
        "apiextensions.v1.CustomResourceDefinitionSpec group names scope versions",
        "apiextensions.v1.CustomResourceDefinitionNames plural kind",
        "apiextensions.v1.CustomResourceDefinitionVersion name served storage",
        "flowcontrol.v1.FlowSchemaSpec          priorityLevelConfiguration",
        "flowcontrol.v1.PriorityLevelConfigurationSpec type",
    };

    /** {@code type.field  listType  [map keys...]}: x-kubernetes-list-type and list-map-keys. */
    private static final String[] LISTS = {
        "meta.v1.ObjectMeta.finalizers            set",
        "meta.v1.ObjectMeta.ownerReferences       map  uid",
        "meta.v1.ObjectMeta.managedFields         atomic",
        "meta.v1.LabelSelector.matchExpressions   atomic",
        "meta.v1.LabelSelectorRequirement.values  atomic",
        "core.v1.PodSpec.containers               map  name",
        "core.v1.PodSpec.initContainers           map  name",
        "core.v1.PodSpec.ephemeralContainers      map  name",
        "core.v1.PodSpec.volumes                  map  name",
        "core.v1.PodSpec.imagePullSecrets         map  name",
        "core.v1.PodSpec.hostAliases              map  ip",
        "core.v1.PodSpec.tolerations              atomic",
        "core.v1.PodSpec.topologySpreadConstraints map topologyKey whenUnsatisfiable",
        "core.v1.PodSpec.schedulingGates          map  name",
        "core.v1.PodSpec.resourceClaims           map  name",
        "core.v1.PodSpec.readinessGates           atomic",
        "core.v1.Container.ports                  map  containerPort protocol",
        "core.v1.Container.env                    map  name",
        "core.v1.Container.envFrom                atomic",
        "core.v1.Container.volumeMounts           map  mountPath",
        "core.v1.Container.volumeDevices          map  devicePath",
        "core.v1.Container.command                atomic",
        "core.v1.Container.args                   atomic",
        "core.v1.PodStatus.conditions             map  type",
        "core.v1.PodStatus.podIPs                 map  ip",
        "core.v1.PodStatus.hostIPs                map  ip",
        "core.v1.ServiceSpec.ports                map  port protocol",
        "core.v1.ServiceSpec.clusterIPs           atomic",
        "core.v1.ServiceSpec.externalIPs          atomic",
        "core.v1.ServiceSpec.ipFamilies           atomic",
        "core.v1.ServiceStatus.conditions         map  type",
        "core.v1.NodeStatus.conditions            map  type",
        "core.v1.NodeStatus.addresses             map  type",
        "core.v1.NodeSpec.podCIDRs                set",
        "core.v1.NodeSpec.taints                  atomic",
        "core.v1.NamespaceStatus.conditions       map  type",
        "core.v1.ServiceAccount.secrets           map  name",
        "core.v1.EndpointSubset.addresses         atomic",
        "core.v1.EndpointSubset.ports             atomic",
        "core.v1.Endpoints.subsets                atomic",
        "apps.v1.DeploymentStatus.conditions      map  type",
        "apps.v1.ReplicaSetStatus.conditions      map  type",
        "apps.v1.StatefulSetStatus.conditions     map  type",
        "apps.v1.DaemonSetStatus.conditions       map  type",
        "batch.v1.JobStatus.conditions            atomic",
        "rbac.v1.ClusterRole.rules                atomic",
        "rbac.v1.Role.rules                       atomic",
        "rbac.v1.RoleBinding.subjects             atomic",
        "rbac.v1.ClusterRoleBinding.subjects      atomic",
        "rbac.v1.PolicyRule.verbs                 atomic",
        "rbac.v1.PolicyRule.apiGroups             atomic",
        "rbac.v1.PolicyRule.resources             atomic",
        "rbac.v1.PolicyRule.resourceNames         atomic",
        "rbac.v1.PolicyRule.nonResourceURLs       atomic",
        "discovery.v1.EndpointSlice.endpoints     atomic",
        "discovery.v1.EndpointSlice.ports         atomic",
        "networking.v1.IngressSpec.rules          atomic",
        "networking.v1.IngressSpec.tls            atomic",
        "networking.v1.HTTPIngressRuleValue.paths atomic",
    };

    /** Definitions upstream marks {@code x-kubernetes-map-type: atomic}. */
    private static final String[] ATOMIC_MAPS = {
        "meta.v1.LabelSelector", "meta.v1.OwnerReference", "core.v1.NodeSelector", "core.v1.ObjectReference",
        "core.v1.LocalObjectReference", "core.v1.ConfigMapKeySelector", "core.v1.SecretKeySelector",
        "core.v1.ObjectFieldSelector", "core.v1.ResourceFieldSelector", "core.v1.TopologySelectorTerm",
        "core.v1.NodeSelectorTerm", "core.v1.TypedLocalObjectReference",
    };

    record ListFacts(String listType, List<String> mapKeys) {
    }

    private static final Map<String, List<String>> REQUIRED_BY_TYPE = new HashMap<>();
    private static final Map<String, ListFacts> LISTS_BY_FIELD = new HashMap<>();
    private static final java.util.Set<String> ATOMIC = new java.util.HashSet<>();

    static {
        for (String row : REQUIRED) {
            String[] c = row.trim().split("\\s+");
            List<String> fields = c[1].equals("-") ? List.of() : List.of(c).subList(1, c.length);
            REQUIRED_BY_TYPE.put(expand(c[0]), fields);
        }
        for (String row : LISTS) {
            String[] c = row.trim().split("\\s+");
            int dot = c[0].lastIndexOf('.');
            String key = expand(c[0].substring(0, dot)) + "#" + c[0].substring(dot + 1);
            LISTS_BY_FIELD.put(key, new ListFacts(c[1], List.of(c).subList(2, c.length)));
        }
        for (String t : ATOMIC_MAPS) {
            ATOMIC.add(expand(t));
        }
    }

    private UpstreamFacts() {
    }

    /** The required fields of a definition, empty when none are recorded. */
    static List<String> required(String definition) {
        return REQUIRED_BY_TYPE.getOrDefault(definition, List.of());
    }

    /** List semantics of a field, or null when upstream leaves it unmarked. */
    static ListFacts list(String definition, String field) {
        return LISTS_BY_FIELD.get(definition + "#" + field);
    }

    static boolean atomicMap(String definition) {
        return ATOMIC.contains(definition);
    }

    /** The short names of the tables as full definition names. */
    static String expand(String shortName) {
        if (shortName.startsWith("meta.")) {
            return "io.k8s.apimachinery.pkg.apis." + shortName;
        }
        if (shortName.startsWith("apiextensions.")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis." + shortName;
        }
        return "io.k8s.api." + shortName;
    }
}
