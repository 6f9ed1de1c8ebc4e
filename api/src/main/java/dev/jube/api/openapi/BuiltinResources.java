package dev.jube.api.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in resources of upstream Kubernetes (stable group-versions) with their fabric8
 * classes: a default input for the OpenAPI documents and a reference for the registry.
 */
public final class BuiltinResources {

    private static final String M = DefinitionNames.FABRIC8_MODEL + ".";

    /**
     * {@code groupVersion  Kind  plural  scope(n|c)  verbs(std|get,list,...)  subresources(-|a,b)  class}.
     */
    private static final String[] TABLE = {
        "v1 Pod pods n std status,ephemeralcontainers,resize,log,exec,attach,portforward,proxy,binding,eviction Pod",
        "v1 Service services n std status,proxy Service",
        "v1 ConfigMap configmaps n std - ConfigMap",
        "v1 Secret secrets n std - Secret",
        "v1 Namespace namespaces c create,delete,get,list,patch,update,watch status,finalize Namespace",
        "v1 Node nodes c std status,proxy Node",
        "v1 ServiceAccount serviceaccounts n std token ServiceAccount",
        "v1 Endpoints endpoints n std - Endpoints",
        "v1 Event events n std - Event",
        "v1 LimitRange limitranges n std - LimitRange",
        "v1 ResourceQuota resourcequotas n std status ResourceQuota",
        "v1 PersistentVolume persistentvolumes c std status PersistentVolume",
        "v1 PersistentVolumeClaim persistentvolumeclaims n std status PersistentVolumeClaim",
        "v1 ReplicationController replicationcontrollers n std status,scale ReplicationController",
        "v1 PodTemplate podtemplates n std - PodTemplate",
        "v1 ComponentStatus componentstatuses c get,list - ComponentStatus",
        "apps/v1 Deployment deployments n std status,scale apps.Deployment",
        "apps/v1 ReplicaSet replicasets n std status,scale apps.ReplicaSet",
        "apps/v1 StatefulSet statefulsets n std status,scale apps.StatefulSet",
        "apps/v1 DaemonSet daemonsets n std status apps.DaemonSet",
        "apps/v1 ControllerRevision controllerrevisions n std - apps.ControllerRevision",
        "batch/v1 Job jobs n std status batch.v1.Job",
        "batch/v1 CronJob cronjobs n std status batch.v1.CronJob",
        "autoscaling/v1 HorizontalPodAutoscaler horizontalpodautoscalers n std status autoscaling.v1.HorizontalPodAutoscaler",
        "autoscaling/v2 HorizontalPodAutoscaler horizontalpodautoscalers n std status autoscaling.v2.HorizontalPodAutoscaler",
        "rbac.authorization.k8s.io/v1 Role roles n std - rbac.Role",
        "rbac.authorization.k8s.io/v1 RoleBinding rolebindings n std - rbac.RoleBinding",
        "rbac.authorization.k8s.io/v1 ClusterRole clusterroles c std - rbac.ClusterRole",
        "rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings c std - rbac.ClusterRoleBinding",
        "coordination.k8s.io/v1 Lease leases n std - coordination.v1.Lease",
        "discovery.k8s.io/v1 EndpointSlice endpointslices n std - discovery.v1.EndpointSlice",
        "networking.k8s.io/v1 Ingress ingresses n std status networking.v1.Ingress",
        "networking.k8s.io/v1 IngressClass ingressclasses c std - networking.v1.IngressClass",
        "networking.k8s.io/v1 NetworkPolicy networkpolicies n std - networking.v1.NetworkPolicy",
        "policy/v1 PodDisruptionBudget poddisruptionbudgets n std status policy.v1.PodDisruptionBudget",
        "storage.k8s.io/v1 StorageClass storageclasses c std - storage.StorageClass",
        "storage.k8s.io/v1 CSIDriver csidrivers c std - storage.CSIDriver",
        "storage.k8s.io/v1 CSINode csinodes c std - storage.CSINode",
        "storage.k8s.io/v1 CSIStorageCapacity csistoragecapacities n std - storage.CSIStorageCapacity",
        "storage.k8s.io/v1 VolumeAttachment volumeattachments c std status storage.VolumeAttachment",
        "apiextensions.k8s.io/v1 CustomResourceDefinition customresourcedefinitions c std status apiextensions.v1.CustomResourceDefinition",
        "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration mutatingwebhookconfigurations c std - admissionregistration.v1.MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration validatingwebhookconfigurations c std - admissionregistration.v1.ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy validatingadmissionpolicies c std status admissionregistration.v1.ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding validatingadmissionpolicybindings c std - admissionregistration.v1.ValidatingAdmissionPolicyBinding",
        "certificates.k8s.io/v1 CertificateSigningRequest certificatesigningrequests c std status,approval certificates.v1.CertificateSigningRequest",
        "scheduling.k8s.io/v1 PriorityClass priorityclasses c std - scheduling.v1.PriorityClass",
        "events.k8s.io/v1 Event events n std - events.v1.Event",
        "node.k8s.io/v1 RuntimeClass runtimeclasses c std - node.v1.RuntimeClass",
        "flowcontrol.apiserver.k8s.io/v1 FlowSchema flowschemas c std status flowcontrol.v1.FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration prioritylevelconfigurations c std status flowcontrol.v1.PriorityLevelConfiguration",
        "authentication.k8s.io/v1 TokenReview tokenreviews c create - authentication.TokenReview",
        "authentication.k8s.io/v1 SelfSubjectReview selfsubjectreviews c create - authentication.SelfSubjectReview",
        "authorization.k8s.io/v1 SubjectAccessReview subjectaccessreviews c create - authorization.v1.SubjectAccessReview",
        "authorization.k8s.io/v1 SelfSubjectAccessReview selfsubjectaccessreviews c create - authorization.v1.SelfSubjectAccessReview",
        "authorization.k8s.io/v1 SelfSubjectRulesReview selfsubjectrulesreviews c create - authorization.v1.SelfSubjectRulesReview",
        "authorization.k8s.io/v1 LocalSubjectAccessReview localsubjectaccessreviews n create - authorization.v1.LocalSubjectAccessReview",
    };

    private static final List<ResourceInfo> ALL = parse();

    private BuiltinResources() {
    }

    /** Every built-in resource of the table. */
    public static List<ResourceInfo> all() {
        return ALL;
    }

    private static List<ResourceInfo> parse() {
        List<ResourceInfo> out = new ArrayList<>();
        for (String row : TABLE) {
            String[] c = row.split("\\s+");
            int slash = c[0].indexOf('/');
            String group = slash < 0 ? "" : c[0].substring(0, slash);
            String version = c[0].substring(slash + 1);
            List<String> verbs = c[4].equals("std") ? ResourceInfo.STANDARD_VERBS : Arrays.asList(c[4].split(","));
            List<String> subresources = c[5].equals("-") ? List.of() : Arrays.asList(c[5].split(","));
            Class<?> model;
            try {
                model = Class.forName(M + c[6]);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("fabric8 model class missing: " + c[6], e);
            }
            out.add(ResourceInfo.builtin(group, version, c[1], c[2], c[3].equals("n"), verbs, subresources, model));
        }
        return List.copyOf(out);
    }
}
