package dev.jube.apiserver.registry;

import static dev.jube.apiserver.registry.TableColumn.integer;
import static dev.jube.apiserver.registry.TableColumn.string;

import dev.jube.apiserver.registry.ResourceDescriptor.NameRule;
import dev.jube.apiserver.registry.kinds.ConfigMapStrategy;
import dev.jube.apiserver.registry.kinds.CronJobStrategy;
import dev.jube.apiserver.registry.kinds.DaemonSetStrategy;
import dev.jube.apiserver.registry.kinds.DeploymentStrategy;
import dev.jube.apiserver.registry.kinds.EventsV1Conversion;
import dev.jube.apiserver.registry.kinds.HorizontalPodAutoscalerStrategy;
import dev.jube.apiserver.registry.kinds.HorizontalPodAutoscalerV1Conversion;
import dev.jube.apiserver.registry.kinds.JobStrategy;
import dev.jube.apiserver.registry.kinds.NamespaceStrategy;
import dev.jube.apiserver.registry.kinds.NetworkPolicyStrategy;
import dev.jube.apiserver.registry.kinds.PersistentVolumeClaimStrategy;
import dev.jube.apiserver.registry.kinds.PersistentVolumeStrategy;
import dev.jube.apiserver.registry.kinds.PodDisruptionBudgetStrategy;
import dev.jube.apiserver.registry.kinds.PodStrategy;
import dev.jube.apiserver.registry.kinds.PriorityClassStrategy;
import dev.jube.apiserver.registry.kinds.ReplicaSetStrategy;
import dev.jube.apiserver.registry.kinds.ReplicationControllerStrategy;
import dev.jube.apiserver.registry.kinds.SecretStrategy;
import dev.jube.apiserver.registry.kinds.ServiceRanges;
import dev.jube.apiserver.registry.kinds.ServiceStrategy;
import dev.jube.apiserver.registry.kinds.StatefulSetStrategy;
import dev.jube.apiserver.registry.kinds.StorageClassStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every built-in kind, as descriptors; the strategies live in the {@code kinds} package. */
public final class BuiltinResources {

    private BuiltinResources() {}

    public static ResourceRegistry registry() {
        return new ResourceRegistry(descriptors());
    }

    public static List<ResourceDescriptor> descriptors() {
        return descriptors(ServiceRanges.DEFAULT);
    }

    /** Every built-in kind, with Services allocating from {@code ranges}. */
    public static List<ResourceDescriptor> descriptors(ServiceRanges ranges) {
        List<ResourceDescriptor> d = new ArrayList<>();
        core(d, ranges);
        apps(d);
        batch(d);
        // autoscaling: v2 is stored and preferred; v1 is converted from it.
        d.add(hpa("v2").strategy(new HorizontalPodAutoscalerStrategy())
                .column(string("Reference", "Scale target", BuiltinResources::hpaReference))
                .column(string("Targets", "Metric targets", BuiltinResources::hpaTargets))
                .column(integer("MinPods", "Minimum replicas", Cells.path(1L, "spec", "minReplicas")))
                .column(integer("MaxPods", "Maximum replicas", Cells.number("spec", "maxReplicas")))
                .column(integer("Replicas", "Current replicas", Cells.number("status", "currentReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(hpa("v1").strategy(new HorizontalPodAutoscalerStrategy())
                .storedAs("horizontalpodautoscalers", "autoscaling/v2", new HorizontalPodAutoscalerV1Conversion())
                .build());
        // networking.k8s.io/v1
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "Ingress", "ingresses").shortNames("ing")
                .statusSubresource().tracksGeneration()
                .column(string("Class", "Ingress class", Cells.path("<none>", "spec", "ingressClassName")))
                .column(string("Hosts", "Hosts", Cells.joined("host", "spec", "rules")))
                .column(string("Address", "Load balancer address", Cells.joined("ip", "status", "loadBalancer", "ingress")))
                .column(string("Ports", "Ports", o -> o.path("spec").has("tls") ? "80, 443" : "80"))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "IngressClass", "ingressclasses").clusterScoped()
                .tracksGeneration()
                .column(string("Controller", "Controller", Cells.path("", "spec", "controller")))
                .column(string("Parameters", "Parameters", o -> "<none>"))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies")
                .shortNames("netpol").tracksGeneration().strategy(new NetworkPolicyStrategy())
                .column(string("Pod-Selector", "Pod selector", Cells.keyValues("spec", "podSelector", "matchLabels")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        // policy/v1
        d.add(ResourceDescriptor.builder("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets").shortNames("pdb")
                .statusSubresource().tracksGeneration().strategy(new PodDisruptionBudgetStrategy())
                .column(string("Min Available", "", Cells.path("N/A", "spec", "minAvailable")))
                .column(string("Max Unavailable", "", Cells.path("N/A", "spec", "maxUnavailable")))
                .column(integer("Allowed Disruptions", "", Cells.number("status", "disruptionsAllowed")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        // rbac.authorization.k8s.io/v1
        String rbac = "rbac.authorization.k8s.io";
        d.add(ResourceDescriptor.builder(rbac, "v1", "ClusterRole", "clusterroles").clusterScoped()
                .column(string("Created At", "", Cells.path("", "metadata", "creationTimestamp"))).build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "ClusterRoleBinding", "clusterrolebindings").clusterScoped()
                .column(string("Role", "", o -> Cells.path("", "roleRef", "kind").apply(o) + "/"
                        + Cells.path("", "roleRef", "name").apply(o)))
                .column(string(TableColumn.AGE, "", o -> null)).build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "Role", "roles")
                .column(string("Created At", "", Cells.path("", "metadata", "creationTimestamp"))).build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "RoleBinding", "rolebindings")
                .column(string("Role", "", o -> Cells.path("", "roleRef", "kind").apply(o) + "/"
                        + Cells.path("", "roleRef", "name").apply(o)))
                .column(string(TableColumn.AGE, "", o -> null)).build());
        // storage.k8s.io/v1
        d.add(ResourceDescriptor.builder("storage.k8s.io", "v1", "StorageClass", "storageclasses").shortNames("sc")
                .clusterScoped().strategy(new StorageClassStrategy())
                .column(string("Provisioner", "", Cells.path("", "provisioner")))
                .column(string("ReclaimPolicy", "", Cells.path("Delete", "reclaimPolicy")))
                .column(string("VolumeBindingMode", "", Cells.path("Immediate", "volumeBindingMode")))
                .column(string("AllowVolumeExpansion", "", o -> String.valueOf(
                        o.path("allowVolumeExpansion").asBoolean(false))))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        // coordination.k8s.io/v1
        d.add(ResourceDescriptor.builder("coordination.k8s.io", "v1", "Lease", "leases")
                .column(string("Holder", "Holder identity", Cells.path("", "spec", "holderIdentity")))
                .build());
        // discovery.k8s.io/v1
        d.add(ResourceDescriptor.builder("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices")
                .column(string("AddressType", "", Cells.path("", "addressType")))
                .column(string("Ports", "", Cells.joined("port", "ports")))
                .column(string("Endpoints", "", BuiltinResources::sliceEndpoints))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        // events.k8s.io/v1: the core events, under the newer field names
        d.add(ResourceDescriptor.builder("events.k8s.io", "v1", "Event", "events").shortNames("ev")
                .storedAs("events", "v1", new EventsV1Conversion())
                .build());
        // scheduling.k8s.io/v1
        d.add(ResourceDescriptor.builder("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses")
                .shortNames("pc").clusterScoped().strategy(new PriorityClassStrategy())
                .column(integer("Value", "", Cells.number("value")))
                .column(string("Global-Default", "", o -> String.valueOf(o.path("globalDefault").asBoolean(false))))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("PreemptionPolicy", "", Cells.path("PreemptLowerPriority", "preemptionPolicy")))
                .build());
        // certificates.k8s.io/v1
        d.add(ResourceDescriptor.builder("certificates.k8s.io", "v1", "CertificateSigningRequest",
                        "certificatesigningrequests").shortNames("csr").clusterScoped().statusSubresource()
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("SignerName", "", Cells.path("", "spec", "signerName")))
                .column(string("Requestor", "", Cells.path("", "spec", "username")))
                .column(string("Condition", "", BuiltinResources::csrCondition))
                .build());
        // admissionregistration.k8s.io/v1
        d.add(ResourceDescriptor.builder("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
                        "validatingwebhookconfigurations").clusterScoped().tracksGeneration()
                .column(integer("Webhooks", "", Cells.count("webhooks")))
                .column(string(TableColumn.AGE, "", o -> null)).build());
        d.add(ResourceDescriptor.builder("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
                        "mutatingwebhookconfigurations").clusterScoped().tracksGeneration()
                .column(integer("Webhooks", "", Cells.count("webhooks")))
                .column(string(TableColumn.AGE, "", o -> null)).build());
        // apiextensions.k8s.io/v1: stored; serving custom resources comes with the CRD handler
        d.add(ResourceDescriptor.builder("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                        "customresourcedefinitions").shortNames("crd", "crds").categories("api-extensions")
                .clusterScoped().statusSubresource().tracksGeneration()
                .column(string("Created At", "", Cells.path("", "metadata", "creationTimestamp")))
                .build());
        return d;
    }

    private static ResourceDescriptor.Builder hpa(String version) {
        return ResourceDescriptor.builder("autoscaling", version, "HorizontalPodAutoscaler", "horizontalpodautoscalers")
                .shortNames("hpa").categories("all").statusSubresource().tracksGeneration();
    }

    private static void core(List<ResourceDescriptor> d, ServiceRanges ranges) {
        d.add(ResourceDescriptor.builder("", "v1", "Namespace", "namespaces").shortNames("ns").clusterScoped()
                .verbs("create", "delete", "get", "list", "patch", "update", "watch")
                .statusSubresource().nameRule(NameRule.DNS1123_LABEL).strategy(new NamespaceStrategy())
                .returnDeletedObject()
                .column(string("Status", "The status of the namespace", Cells.path("", "status", "phase")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm")
                .strategy(new ConfigMapStrategy())
                .column(integer("Data", "Number of data entries",
                        o -> (long) Cells.count("data").apply(o) + (long) Cells.count("binaryData").apply(o)))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Secret", "secrets").strategy(new SecretStrategy())
                .column(string("Type", "The type of the secret", Cells.path("Opaque", "type")))
                .column(integer("Data", "Number of data entries", Cells.count("data")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "ServiceAccount", "serviceaccounts").shortNames("sa")
                .column(integer("Secrets", "Number of secrets", Cells.count("secrets")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Pod", "pods").shortNames("po").categories("all")
                .statusSubresource().strategy(new PodStrategy()).returnDeletedObject()
                .column(string("Ready", "Ready containers / containers", BuiltinResources::podReady))
                .column(string("Status", "The aggregate status of the containers", BuiltinResources::podStatus))
                .column(integer("Restarts", "Container restarts", BuiltinResources::podRestarts))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("IP", "Pod IP", Cells.path("<none>", "status", "podIP")).wide())
                .column(string("Node", "Node name", Cells.path("<none>", "spec", "nodeName")).wide())
                .column(string("Nominated Node", "Nominated node",
                        Cells.path("<none>", "status", "nominatedNodeName")).wide())
                .column(string("Readiness Gates", "Readiness gates", o -> "<none>").wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Service", "services").shortNames("svc").categories("all")
                .statusSubresource().nameRule(NameRule.DNS1035_LABEL).strategy(new ServiceStrategy(ranges))
                .column(string("Type", "Service type", Cells.path("ClusterIP", "spec", "type")))
                .column(string("Cluster-IP", "Cluster IP", Cells.path("<none>", "spec", "clusterIP")))
                .column(string("External-IP", "External IPs", BuiltinResources::serviceExternalIps))
                .column(string("Port(s)", "Service ports", BuiltinResources::servicePorts))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("Selector", "Pod selector", Cells.keyValues("spec", "selector")).wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Endpoints", "endpoints").shortNames("ep").singular("endpoints")
                .column(string("Endpoints", "Endpoint addresses", BuiltinResources::endpointAddresses))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Event", "events").shortNames("ev")
                .column(string("Last Seen", "Time since the last occurrence", BuiltinResources::eventLastSeen))
                .column(string("Type", "Event type", Cells.path("", "type")))
                .column(string("Reason", "Event reason", Cells.path("", "reason")))
                .column(string("Object", "Involved object", BuiltinResources::eventObject))
                .column(string("Message", "Event message", Cells.path("", "message")))
                .column(string(TableColumn.NAME, "Name", Cells.path("", "metadata", "name")).wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Node", "nodes").shortNames("no").clusterScoped()
                .statusSubresource()
                .column(string("Status", "Node readiness", BuiltinResources::nodeStatus))
                .column(string("Roles", "Node roles", BuiltinResources::nodeRoles))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("Version", "Kubelet version", Cells.path("", "status", "nodeInfo", "kubeletVersion")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "PersistentVolume", "persistentvolumes").shortNames("pv")
                .clusterScoped().statusSubresource().strategy(new PersistentVolumeStrategy())
                .column(string("Capacity", "", Cells.path("", "spec", "capacity", "storage")))
                .column(string("Access Modes", "", o -> accessModes(o.path("spec").path("accessModes"))))
                .column(string("Reclaim Policy", "", Cells.path("", "spec", "persistentVolumeReclaimPolicy")))
                .column(string("Status", "", Cells.path("", "status", "phase")))
                .column(string("Claim", "", o -> o.path("spec").has("claimRef")
                        ? o.path("spec").path("claimRef").path("namespace").asString("") + "/"
                        + o.path("spec").path("claimRef").path("name").asString("") : ""))
                .column(string("StorageClass", "", Cells.path("", "spec", "storageClassName")))
                .column(string("VolumeAttributesClass", "", Cells.path("<unset>", "spec", "volumeAttributesClassName")))
                .column(string("Reason", "", Cells.path("", "status", "reason")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims").shortNames("pvc")
                .statusSubresource().strategy(new PersistentVolumeClaimStrategy())
                .column(string("Status", "", Cells.path("", "status", "phase")))
                .column(string("Volume", "", Cells.path("", "spec", "volumeName")))
                .column(string("Capacity", "", Cells.path("", "status", "capacity", "storage")))
                .column(string("Access Modes", "", o -> accessModes(o.path("status").path("accessModes"))))
                .column(string("StorageClass", "", Cells.path("", "spec", "storageClassName")))
                .column(string("VolumeAttributesClass", "", Cells.path("<unset>", "spec", "volumeAttributesClassName")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "LimitRange", "limitranges").shortNames("limits")
                .column(string("Created At", "", Cells.path("", "metadata", "creationTimestamp"))).build());
        d.add(ResourceDescriptor.builder("", "v1", "ResourceQuota", "resourcequotas").shortNames("quota")
                .statusSubresource()
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("Request", "", BuiltinResources::quotaUsage))
                .column(string("Limit", "", o -> ""))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "ReplicationController", "replicationcontrollers").shortNames("rc")
                .categories("all").statusSubresource().scaleSubresource().tracksGeneration()
                .strategy(new ReplicationControllerStrategy())
                .column(integer("Desired", "Desired replicas", Cells.number("spec", "replicas")))
                .column(integer("Current", "Current replicas", Cells.number("status", "replicas")))
                .column(integer("Ready", "Ready replicas", Cells.number("status", "readyReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "PodTemplate", "podtemplates")
                .column(string("Containers", "", Cells.joined("name", "template", "spec", "containers")))
                .column(string("Images", "", Cells.joined("image", "template", "spec", "containers")))
                .column(string("Pod Labels", "", Cells.keyValues("template", "metadata", "labels")))
                .build());
    }

    private static void apps(List<ResourceDescriptor> d) {
        d.add(workload("Deployment", "deployments", "deploy", new DeploymentStrategy()).scaleSubresource()
                .column(string("Ready", "Ready / desired replicas",
                        Cells.ratio(new String[] {"status", "readyReplicas"}, new String[] {"spec", "replicas"})))
                .column(integer("Up-to-date", "Updated replicas", Cells.number("status", "updatedReplicas")))
                .column(integer("Available", "Available replicas", Cells.number("status", "availableReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(workload("ReplicaSet", "replicasets", "rs", new ReplicaSetStrategy()).scaleSubresource()
                .column(integer("Desired", "Desired replicas", Cells.number("spec", "replicas")))
                .column(integer("Current", "Current replicas", Cells.number("status", "replicas")))
                .column(integer("Ready", "Ready replicas", Cells.number("status", "readyReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(workload("StatefulSet", "statefulsets", "sts", new StatefulSetStrategy()).scaleSubresource()
                .column(string("Ready", "Ready / desired replicas",
                        Cells.ratio(new String[] {"status", "readyReplicas"}, new String[] {"spec", "replicas"})))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide())
                .build());
        d.add(workload("DaemonSet", "daemonsets", "ds", new DaemonSetStrategy())
                .column(integer("Desired", "", Cells.number("status", "desiredNumberScheduled")))
                .column(integer("Current", "", Cells.number("status", "currentNumberScheduled")))
                .column(integer("Ready", "", Cells.number("status", "numberReady")))
                .column(integer("Up-to-date", "", Cells.number("status", "updatedNumberScheduled")))
                .column(integer("Available", "", Cells.number("status", "numberAvailable")))
                .column(string("Node Selector", "", Cells.keyValues("spec", "template", "spec", "nodeSelector")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(ResourceDescriptor.builder("apps", "v1", "ControllerRevision", "controllerrevisions")
                .column(string("Controller", "", BuiltinResources::controllerOf))
                .column(integer("Revision", "", Cells.number("revision")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
    }

    private static void batch(List<ResourceDescriptor> d) {
        d.add(ResourceDescriptor.builder("batch", "v1", "Job", "jobs").categories("all").statusSubresource()
                .tracksGeneration().strategy(new JobStrategy())
                .column(string("Status", "Job status", BuiltinResources::jobStatus))
                .column(string("Completions", "Succeeded / completions", o -> Cells.number("status", "succeeded")
                        .apply(o) + "/" + Cells.path(1L, "spec", "completions").apply(o)))
                .column(string("Duration", "Run time", BuiltinResources::jobDuration))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(ResourceDescriptor.builder("batch", "v1", "CronJob", "cronjobs").shortNames("cj").categories("all")
                .statusSubresource().tracksGeneration().strategy(new CronJobStrategy())
                .column(string("Schedule", "Cron schedule", Cells.path("", "spec", "schedule")))
                .column(string("Timezone", "Time zone", Cells.path("<none>", "spec", "timeZone")))
                .column(string("Suspend", "Suspended", o -> Boolean.TRUE.equals(
                        Cells.path(false, "spec", "suspend").apply(o)) ? "True" : "False"))
                .column(integer("Active", "Active jobs", Cells.count("status", "active")))
                .column(string("Last Schedule", "Time since the last schedule", o -> ageOf(o, "status", "lastScheduleTime")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
    }

    private static ResourceDescriptor.Builder workload(String kind, String resource, String shortName,
                                                       Strategy strategy) {
        return ResourceDescriptor.builder("apps", "v1", kind, resource).shortNames(shortName).categories("all")
                .statusSubresource().tracksGeneration().strategy(strategy);
    }

    private static Object hpaReference(ObjectNode hpa) {
        JsonNode ref = hpa.path("spec").path("scaleTargetRef");
        return ref.path("kind").asString("") + "/" + ref.path("name").asString("");
    }

    private static Object hpaTargets(ObjectNode hpa) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : hpa.path("spec").path("metrics")) {
            JsonNode target = m.path("resource").path("target");
            if (target.has("averageUtilization")) {
                out.add("cpu: <unknown>/" + target.get("averageUtilization").asString() + "%");
            } else {
                out.add("<unknown>");
            }
        }
        return out.isEmpty() ? "<none>" : String.join(", ", out);
    }

    private static Object sliceEndpoints(ObjectNode slice) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : slice.path("endpoints")) {
            for (JsonNode a : e.path("addresses")) {
                out.add(a.asString());
            }
        }
        return out.isEmpty() ? "<unset>" : String.join(",", out);
    }

    private static Object csrCondition(ObjectNode csr) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : csr.path("status").path("conditions")) {
            out.add(c.path("type").asString(""));
        }
        return out.isEmpty() ? "Pending" : String.join(",", out);
    }

    private static Object quotaUsage(ObjectNode quota) {
        List<String> out = new ArrayList<>();
        JsonNode used = quota.path("status").path("used");
        for (Map.Entry<String, JsonNode> e : quota.path("spec").path("hard").properties()) {
            out.add(e.getKey() + ": " + used.path(e.getKey()).asString("0") + "/" + e.getValue().asString());
        }
        return String.join(", ", out);
    }

    private static Object controllerOf(ObjectNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref.path("kind").asString("").toLowerCase() + "." + ref.path("apiVersion").asString("")
                        .replaceAll("/.*", "") + "/" + ref.path("name").asString("");
            }
        }
        return "<none>";
    }

    private static String accessModes(JsonNode modes) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : modes) {
            out.add(switch (m.asString("")) {
                case "ReadWriteOnce" -> "RWO";
                case "ReadOnlyMany" -> "ROX";
                case "ReadWriteMany" -> "RWX";
                case "ReadWriteOncePod" -> "RWOP";
                default -> m.asString("");
            });
        }
        return String.join(",", out);
    }

    private static TableColumn containers() {
        return string("Containers", "Container names", Cells.joined("name", "spec", "template", "spec", "containers"));
    }

    private static TableColumn images() {
        return string("Images", "Container images", Cells.joined("image", "spec", "template", "spec", "containers"));
    }

    private static TableColumn selector() {
        return string("Selector", "Label selector", Cells.keyValues("spec", "selector", "matchLabels"));
    }

    private static Object podReady(ObjectNode pod) {
        long total = Cells.count("spec", "containers").apply(pod) instanceof Long l ? l : 0;
        long ready = 0;
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                if (s.path("ready").asBoolean(false)) {
                    ready++;
                }
            }
        }
        return ready + "/" + total;
    }

    private static Object podStatus(ObjectNode pod) {
        if (Cells.at(pod, "metadata", "deletionTimestamp") != null) {
            return "Terminating";
        }
        String reason = pod.path("status").path("reason").asString("");
        if (reason.isEmpty()) {
            reason = pod.path("status").path("phase").asString("Pending");
        }
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                String waiting = s.path("state").path("waiting").path("reason").asString("");
                String terminated = s.path("state").path("terminated").path("reason").asString("");
                if (!waiting.isEmpty()) {
                    reason = waiting;
                } else if (!terminated.isEmpty()) {
                    reason = terminated;
                }
            }
        }
        return reason;
    }

    private static Object podRestarts(ObjectNode pod) {
        long restarts = 0;
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                restarts += s.path("restartCount").asLong(0);
            }
        }
        return restarts;
    }

    private static Object servicePorts(ObjectNode svc) {
        JsonNode ports = Cells.at(svc, "spec", "ports");
        List<String> out = new ArrayList<>();
        if (ports != null) {
            for (JsonNode p : ports) {
                String s = p.path("port").asString("");
                if (p.has("nodePort")) {
                    s += ":" + p.get("nodePort").asString();
                }
                out.add(s + "/" + p.path("protocol").asString("TCP"));
            }
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static Object serviceExternalIps(ObjectNode svc) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : svc.path("spec").path("externalIPs")) {
            ips.add(ip.asString());
        }
        for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress")) {
            ips.add(ing.path("ip").asString(ing.path("hostname").asString("")));
        }
        if (ips.isEmpty()) {
            return "LoadBalancer".equals(svc.path("spec").path("type").asString("")) ? "<pending>" : "<none>";
        }
        return String.join(",", ips);
    }

    private static Object endpointAddresses(ObjectNode ep) {
        List<String> out = new ArrayList<>();
        for (JsonNode subset : ep.path("subsets")) {
            for (JsonNode addr : subset.path("addresses")) {
                JsonNode ports = subset.path("ports");
                if (ports.isEmpty()) {
                    out.add(addr.path("ip").asString());
                }
                for (JsonNode port : ports) {
                    out.add(addr.path("ip").asString() + ":" + port.path("port").asString());
                }
            }
        }
        if (out.isEmpty()) {
            return "<none>";
        }
        return out.size() > 3 ? String.join(",", out.subList(0, 3)) + " + " + (out.size() - 3) + " more..."
                : String.join(",", out);
    }

    private static Object eventLastSeen(ObjectNode ev) {
        for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            String t = ev.path(field).asString("");
            if (!t.isEmpty()) {
                return HumanDuration.since(Instant.parse(t), Instant.now());
            }
        }
        return ageOf(ev, "metadata", "creationTimestamp");
    }

    private static Object eventObject(ObjectNode ev) {
        JsonNode io = ev.path("involvedObject");
        return io.path("kind").asString("").toLowerCase() + "/" + io.path("name").asString("");
    }

    private static Object nodeStatus(ObjectNode node) {
        String status = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                status = "True".equals(c.path("status").asString("")) ? "Ready" : "NotReady";
            }
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status += ",SchedulingDisabled";
        }
        return status;
    }

    private static Object nodeRoles(ObjectNode node) {
        List<String> roles = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
            }
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static Object jobStatus(ObjectNode job) {
        String status = "Running";
        for (JsonNode c : job.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asString(""))) {
                switch (c.path("type").asString("")) {
                    case "Complete" -> status = "Complete";
                    case "Failed" -> status = "Failed";
                    case "Suspended" -> status = "Suspended";
                    default -> { }
                }
            }
        }
        return status;
    }

    private static Object jobDuration(ObjectNode job) {
        String start = job.path("status").path("startTime").asString("");
        if (start.isEmpty()) {
            return "";
        }
        String end = job.path("status").path("completionTime").asString("");
        Instant until = end.isEmpty() ? Instant.now() : Instant.parse(end);
        return HumanDuration.format(java.time.Duration.between(Instant.parse(start), until));
    }

    private static String ageOf(ObjectNode obj, String... path) {
        JsonNode t = Cells.at(obj, path);
        return t == null || t.isNull() ? "<none>" : HumanDuration.since(Instant.parse(t.asString()), Instant.now());
    }
}
