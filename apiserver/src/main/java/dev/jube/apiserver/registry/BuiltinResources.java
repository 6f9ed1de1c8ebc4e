package dev.jube.apiserver.registry;

import dev.jube.apiserver.crd.CustomResourceDefinitionStrategy;
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
import java.util.ArrayList;
import java.util.List;

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
        d.add(hpa("v2").strategy(new HorizontalPodAutoscalerStrategy()).build());
        d.add(hpa("v1").strategy(new HorizontalPodAutoscalerStrategy())
                .storedAs("horizontalpodautoscalers", "autoscaling/v2", new HorizontalPodAutoscalerV1Conversion())
                .build());
        // networking.k8s.io/v1
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "Ingress", "ingresses").shortNames("ing")
                .statusSubresource().tracksGeneration().build());
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "IngressClass", "ingressclasses").clusterScoped()
                .tracksGeneration().build());
        d.add(ResourceDescriptor.builder("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies")
                .shortNames("netpol").tracksGeneration().strategy(new NetworkPolicyStrategy()).build());
        // policy/v1
        d.add(ResourceDescriptor.builder("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets").shortNames("pdb")
                .statusSubresource().tracksGeneration().strategy(new PodDisruptionBudgetStrategy()).build());
        // rbac.authorization.k8s.io/v1
        String rbac = "rbac.authorization.k8s.io";
        d.add(ResourceDescriptor.builder(rbac, "v1", "ClusterRole", "clusterroles").clusterScoped().build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "ClusterRoleBinding", "clusterrolebindings").clusterScoped()
                .build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "Role", "roles").build());
        d.add(ResourceDescriptor.builder(rbac, "v1", "RoleBinding", "rolebindings").build());
        // storage.k8s.io/v1
        d.add(ResourceDescriptor.builder("storage.k8s.io", "v1", "StorageClass", "storageclasses").shortNames("sc")
                .clusterScoped().strategy(new StorageClassStrategy()).build());
        // coordination.k8s.io/v1
        d.add(ResourceDescriptor.builder("coordination.k8s.io", "v1", "Lease", "leases").build());
        // discovery.k8s.io/v1
        d.add(ResourceDescriptor.builder("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices").build());
        // events.k8s.io/v1: the core events, under the newer field names
        d.add(ResourceDescriptor.builder("events.k8s.io", "v1", "Event", "events").shortNames("ev")
                .storedAs("events", "v1", new EventsV1Conversion()).build());
        // scheduling.k8s.io/v1
        d.add(ResourceDescriptor.builder("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses")
                .shortNames("pc").clusterScoped().strategy(new PriorityClassStrategy()).build());
        // certificates.k8s.io/v1
        d.add(ResourceDescriptor.builder("certificates.k8s.io", "v1", "CertificateSigningRequest",
                        "certificatesigningrequests").shortNames("csr").clusterScoped().statusSubresource().build());
        // admissionregistration.k8s.io/v1
        d.add(ResourceDescriptor.builder("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
                        "validatingwebhookconfigurations").clusterScoped().tracksGeneration().build());
        d.add(ResourceDescriptor.builder("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
                        "mutatingwebhookconfigurations").clusterScoped().tracksGeneration().build());
        // apiextensions.k8s.io/v1: the CRD controller serves the custom resources they define
        d.add(ResourceDescriptor.builder("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                        "customresourcedefinitions").shortNames("crd", "crds").categories("api-extensions")
                .clusterScoped().statusSubresource().tracksGeneration()
                .strategy(new CustomResourceDefinitionStrategy()).build());
        return d;
    }

    private static ResourceDescriptor.Builder hpa(String version) {
        return ResourceDescriptor.builder("autoscaling", version, "HorizontalPodAutoscaler", "horizontalpodautoscalers")
                .shortNames("hpa").categories("all").statusSubresource().tracksGeneration();
    }

    private static void core(List<ResourceDescriptor> d, ServiceRanges ranges) {
        d.add(ResourceDescriptor.builder("", "v1", "Namespace", "namespaces").shortNames("ns").clusterScoped()
                .verbs("create", "delete", "get", "list", "patch", "update", "watch")
                .statusSubresource().finalizeSubresource().nameRule(NameRule.DNS1123_LABEL)
                .strategy(new NamespaceStrategy())
                .returnDeletedObject().build());
        d.add(ResourceDescriptor.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm")
                .strategy(new ConfigMapStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "Secret", "secrets").strategy(new SecretStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "ServiceAccount", "serviceaccounts").shortNames("sa")
                .actions(ActionSubresource.of("token", "authentication.k8s.io", "v1", "TokenRequest", "create"))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Pod", "pods").shortNames("po").categories("all")
                .statusSubresource().actions(podActions()).strategy(new PodStrategy()).returnDeletedObject().build());
        d.add(ResourceDescriptor.builder("", "v1", "Service", "services").shortNames("svc").categories("all")
                .statusSubresource().actions(proxy("ServiceProxyOptions")).nameRule(NameRule.DNS1035_LABEL)
                .strategy(new ServiceStrategy(ranges)).build());
        d.add(ResourceDescriptor.builder("", "v1", "Endpoints", "endpoints").shortNames("ep").singular("endpoints")
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Event", "events").shortNames("ev").build());
        d.add(ResourceDescriptor.builder("", "v1", "Node", "nodes").shortNames("no").clusterScoped()
                .statusSubresource().actions(proxy("NodeProxyOptions")).build());
        d.add(ResourceDescriptor.builder("", "v1", "PersistentVolume", "persistentvolumes").shortNames("pv")
                .clusterScoped().statusSubresource().strategy(new PersistentVolumeStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims").shortNames("pvc")
                .statusSubresource().strategy(new PersistentVolumeClaimStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "LimitRange", "limitranges").shortNames("limits").build());
        d.add(ResourceDescriptor.builder("", "v1", "ResourceQuota", "resourcequotas").shortNames("quota")
                .statusSubresource().build());
        d.add(ResourceDescriptor.builder("", "v1", "ReplicationController", "replicationcontrollers").shortNames("rc")
                .categories("all").statusSubresource().scaleSubresource().tracksGeneration()
                .strategy(new ReplicationControllerStrategy()).build());
        d.add(ResourceDescriptor.builder("", "v1", "PodTemplate", "podtemplates").build());
    }

    /** What upstream serves under a pod besides status: binding, eviction and the node agent's streams. */
    private static ActionSubresource[] podActions() {
        return new ActionSubresource[] {
            ActionSubresource.of("attach", "", "v1", "PodAttachOptions", "create", "get"),
            ActionSubresource.of("binding", "", "v1", "Binding", "create"),
            ActionSubresource.of("eviction", "policy", "v1", "Eviction", "create"),
            ActionSubresource.of("exec", "", "v1", "PodExecOptions", "create", "get"),
            ActionSubresource.of("log", "", "v1", "Pod", "get"),
            ActionSubresource.of("portforward", "", "v1", "PodPortForwardOptions", "create", "get"),
            proxy("PodProxyOptions"),
        };
    }

    private static ActionSubresource proxy(String kind) {
        return ActionSubresource.of("proxy", "", "v1", kind, "create", "delete", "get", "patch", "update");
    }

    private static void apps(List<ResourceDescriptor> d) {
        d.add(workload("Deployment", "deployments", "deploy", new DeploymentStrategy()).scaleSubresource().build());
        d.add(workload("ReplicaSet", "replicasets", "rs", new ReplicaSetStrategy()).scaleSubresource().build());
        d.add(workload("StatefulSet", "statefulsets", "sts", new StatefulSetStrategy()).scaleSubresource().build());
        d.add(workload("DaemonSet", "daemonsets", "ds", new DaemonSetStrategy()).build());
        d.add(ResourceDescriptor.builder("apps", "v1", "ControllerRevision", "controllerrevisions").build());
    }

    private static void batch(List<ResourceDescriptor> d) {
        d.add(ResourceDescriptor.builder("batch", "v1", "Job", "jobs").categories("all").statusSubresource()
                .tracksGeneration().strategy(new JobStrategy()).build());
        d.add(ResourceDescriptor.builder("batch", "v1", "CronJob", "cronjobs").shortNames("cj").categories("all")
                .statusSubresource().tracksGeneration().strategy(new CronJobStrategy()).build());
    }

    private static ResourceDescriptor.Builder workload(String kind, String resource, String shortName,
                                                       Strategy strategy) {
        return ResourceDescriptor.builder("apps", "v1", kind, resource).shortNames(shortName).categories("all")
                .statusSubresource().tracksGeneration().strategy(strategy);
    }
}
