package dev.jube.apiserver.protobuf;

import java.util.function.Consumer;

/**
 * The protobuf shapes of the kinds kubectl's typed generators send (create deployment, job,
 * cronjob, service, role and binding, quota, priorityclass, poddisruptionbudget, ingress) and of
 * pods, with the field numbers of the published API. Fields left out arrive with zero values only
 * (Go always encodes non-pointer fields) and are skipped by the decoder; a non-zero unknown field
 * is refused.
 */
final class WorkloadMessages {

    private WorkloadMessages() {}

    static void define(Consumer<ProtoMessage> def) {
        // meta/v1
        def.accept(new ProtoMessage("LabelSelector")
                .stringMap(1, "matchLabels").messages(2, "matchExpressions", "LabelSelectorRequirement"));
        def.accept(new ProtoMessage("LabelSelectorRequirement")
                .string(1, "key").string(2, "operator").strings(3, "values"));

        // core/v1 pods
        def.accept(new ProtoMessage("Pod")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "PodSpec").message(3, "status", "Empty"));
        def.accept(new ProtoMessage("Empty"));
        def.accept(new ProtoMessage("PodTemplateSpec")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "PodSpec"));
        def.accept(new ProtoMessage("PodSpec")
                .messages(1, "volumes", "Volume").messages(2, "containers", "Container").string(3, "restartPolicy")
                .integer(4, "terminationGracePeriodSeconds", true).integer(5, "activeDeadlineSeconds", true)
                .string(6, "dnsPolicy").stringMap(7, "nodeSelector").string(8, "serviceAccountName")
                .string(9, "serviceAccount").string(10, "nodeName").bool(11, "hostNetwork", false)
                .bool(12, "hostPID", false).bool(13, "hostIPC", false)
                .messages(15, "imagePullSecrets", "LocalObjectReference").string(16, "hostname")
                .string(17, "subdomain").string(19, "schedulerName").messages(20, "initContainers", "Container")
                .bool(21, "automountServiceAccountToken", true).messages(22, "tolerations", "Toleration")
                .string(24, "priorityClassName").integer(25, "priority", true)
                .bool(30, "enableServiceLinks", true).string(31, "preemptionPolicy"));
        def.accept(new ProtoMessage("Container")
                .string(1, "name").string(2, "image").strings(3, "command").strings(4, "args")
                .string(5, "workingDir").messages(6, "ports", "ContainerPort").messages(7, "env", "EnvVar")
                .message(8, "resources", "ResourceRequirements").messages(9, "volumeMounts", "VolumeMount")
                .string(13, "terminationMessagePath").string(14, "imagePullPolicy").bool(16, "stdin", false)
                .bool(17, "stdinOnce", false).bool(18, "tty", false).messages(19, "envFrom", "EnvFromSource")
                .string(20, "terminationMessagePolicy"));
        def.accept(new ProtoMessage("ContainerPort")
                .string(1, "name").integer(2, "hostPort", false).integer(3, "containerPort", false)
                .string(4, "protocol").string(5, "hostIP"));
        def.accept(new ProtoMessage("EnvVar")
                .string(1, "name").string(2, "value").message(3, "valueFrom", "EnvVarSource"));
        def.accept(new ProtoMessage("EnvVarSource")
                .message(1, "fieldRef", "ObjectFieldSelector").message(3, "configMapKeyRef", "KeySelector")
                .message(4, "secretKeyRef", "KeySelector"));
        def.accept(new ProtoMessage("ObjectFieldSelector").string(1, "apiVersion").string(2, "fieldPath"));
        def.accept(new ProtoMessage("KeySelector")
                .inline(1, "LocalObjectReference").string(2, "key").bool(3, "optional", true));
        def.accept(new ProtoMessage("EnvFromSource")
                .string(1, "prefix").message(2, "configMapRef", "EnvSourceRef").message(3, "secretRef", "EnvSourceRef"));
        def.accept(new ProtoMessage("EnvSourceRef").inline(1, "LocalObjectReference").bool(2, "optional", true));
        def.accept(new ProtoMessage("ResourceRequirements")
                .quantityMap(1, "limits").quantityMap(2, "requests"));
        def.accept(new ProtoMessage("VolumeMount")
                .string(1, "name").bool(2, "readOnly", false).string(3, "mountPath").string(4, "subPath"));
        def.accept(new ProtoMessage("Volume").string(1, "name").inline(2, "VolumeSource"));
        def.accept(new ProtoMessage("VolumeSource")
                .message(1, "hostPath", "HostPathVolumeSource").message(2, "emptyDir", "EmptyDirVolumeSource")
                .message(6, "secret", "SecretVolumeSource")
                .message(10, "persistentVolumeClaim", "PersistentVolumeClaimVolumeSource")
                .message(19, "configMap", "ConfigMapVolumeSource"));
        def.accept(new ProtoMessage("HostPathVolumeSource").string(1, "path").string(2, "type"));
        def.accept(new ProtoMessage("EmptyDirVolumeSource").string(1, "medium").quantity(2, "sizeLimit"));
        def.accept(new ProtoMessage("SecretVolumeSource")
                .string(1, "secretName").integer(3, "defaultMode", true).bool(4, "optional", true));
        def.accept(new ProtoMessage("ConfigMapVolumeSource")
                .inline(1, "LocalObjectReference").integer(3, "defaultMode", true).bool(4, "optional", true));
        def.accept(new ProtoMessage("PersistentVolumeClaimVolumeSource")
                .string(1, "claimName").bool(2, "readOnly", false));
        def.accept(new ProtoMessage("Toleration")
                .string(1, "key").string(2, "operator").string(3, "value").string(4, "effect")
                .integer(5, "tolerationSeconds", true));

        // core/v1 services and quotas
        def.accept(new ProtoMessage("Service")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "ServiceSpec").message(3, "status", "Empty"));
        def.accept(new ProtoMessage("ServiceSpec")
                .messages(1, "ports", "ServicePort").stringMap(2, "selector").string(3, "clusterIP")
                .string(4, "type").strings(5, "externalIPs").string(7, "sessionAffinity")
                .string(8, "loadBalancerIP").strings(9, "loadBalancerSourceRanges").string(10, "externalName")
                .string(11, "externalTrafficPolicy").integer(12, "healthCheckNodePort", false)
                .bool(13, "publishNotReadyAddresses", false).string(17, "ipFamilyPolicy")
                .strings(18, "clusterIPs").strings(19, "ipFamilies")
                .bool(20, "allocateLoadBalancerNodePorts", true).string(21, "loadBalancerClass")
                .string(22, "internalTrafficPolicy"));
        def.accept(new ProtoMessage("ServicePort")
                .string(1, "name").string(2, "protocol").integer(3, "port", false).intOrString(4, "targetPort")
                .integer(5, "nodePort", false).string(6, "appProtocol"));
        def.accept(new ProtoMessage("ResourceQuota")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "ResourceQuotaSpec")
                .message(3, "status", "ResourceQuotaStatus"));
        def.accept(new ProtoMessage("ResourceQuotaSpec")
                .quantityMap(1, "hard").strings(2, "scopes").message(3, "scopeSelector", "ScopeSelector"));
        def.accept(new ProtoMessage("ResourceQuotaStatus").quantityMap(1, "hard").quantityMap(2, "used"));
        def.accept(new ProtoMessage("ScopeSelector")
                .messages(1, "matchExpressions", "ScopedResourceSelectorRequirement"));
        def.accept(new ProtoMessage("ScopedResourceSelectorRequirement")
                .string(1, "scopeName").string(2, "operator").strings(3, "values"));

        // apps/v1
        def.accept(new ProtoMessage("Deployment")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "DeploymentSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("DeploymentSpec")
                .integer(1, "replicas", true).message(2, "selector", "LabelSelector")
                .message(3, "template", "PodTemplateSpec").message(4, "strategy", "DeploymentStrategy")
                .integer(5, "minReadySeconds", false).integer(6, "revisionHistoryLimit", true)
                .bool(7, "paused", false).integer(9, "progressDeadlineSeconds", true));
        def.accept(new ProtoMessage("DeploymentStrategy")
                .string(1, "type").message(2, "rollingUpdate", "RollingUpdateDeployment"));
        def.accept(new ProtoMessage("RollingUpdateDeployment")
                .intOrStringPointer(1, "maxUnavailable").intOrStringPointer(2, "maxSurge"));
        def.accept(new ProtoMessage("ReplicaSet")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "ReplicaSetSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("ReplicaSetSpec")
                .integer(1, "replicas", true).message(2, "selector", "LabelSelector")
                .message(3, "template", "PodTemplateSpec").integer(4, "minReadySeconds", false));
        def.accept(new ProtoMessage("StatefulSet")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "StatefulSetSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("StatefulSetSpec")
                .integer(1, "replicas", true).message(2, "selector", "LabelSelector")
                .message(3, "template", "PodTemplateSpec").string(5, "serviceName")
                .string(6, "podManagementPolicy"));
        def.accept(new ProtoMessage("DaemonSet")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "DaemonSetSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("DaemonSetSpec")
                .message(1, "selector", "LabelSelector").message(2, "template", "PodTemplateSpec")
                .integer(4, "minReadySeconds", false).integer(6, "revisionHistoryLimit", true));

        // batch/v1
        def.accept(new ProtoMessage("Job")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "JobSpec").message(3, "status", "Empty"));
        def.accept(new ProtoMessage("JobSpec")
                .integer(1, "parallelism", true).integer(2, "completions", true)
                .integer(3, "activeDeadlineSeconds", true).message(4, "selector", "LabelSelector")
                .bool(5, "manualSelector", true).message(6, "template", "PodTemplateSpec")
                .integer(7, "backoffLimit", true).integer(8, "ttlSecondsAfterFinished", true)
                .string(9, "completionMode").bool(10, "suspend", true));
        def.accept(new ProtoMessage("CronJob")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "CronJobSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("CronJobSpec")
                .string(1, "schedule").integer(2, "startingDeadlineSeconds", true).string(3, "concurrencyPolicy")
                .bool(4, "suspend", true).message(5, "jobTemplate", "JobTemplateSpec")
                .integer(6, "successfulJobsHistoryLimit", true).integer(7, "failedJobsHistoryLimit", true)
                .string(8, "timeZone"));
        def.accept(new ProtoMessage("JobTemplateSpec")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "JobSpec"));

        // rbac.authorization.k8s.io/v1
        def.accept(new ProtoMessage("PolicyRule")
                .strings(1, "verbs").strings(2, "apiGroups").strings(3, "resources").strings(4, "resourceNames")
                .strings(5, "nonResourceURLs"));
        def.accept(new ProtoMessage("Role").message(1, "metadata", "ObjectMeta").messages(2, "rules", "PolicyRule"));
        def.accept(new ProtoMessage("ClusterRole")
                .message(1, "metadata", "ObjectMeta").messages(2, "rules", "PolicyRule")
                .message(3, "aggregationRule", "AggregationRule"));
        def.accept(new ProtoMessage("AggregationRule").messages(1, "clusterRoleSelectors", "LabelSelector"));
        def.accept(new ProtoMessage("Subject")
                .string(1, "kind").string(2, "apiGroup").string(3, "name").string(4, "namespace"));
        def.accept(new ProtoMessage("RoleRef").string(1, "apiGroup").string(2, "kind").string(3, "name"));
        def.accept(new ProtoMessage("RoleBinding")
                .message(1, "metadata", "ObjectMeta").messages(2, "subjects", "Subject")
                .message(3, "roleRef", "RoleRef"));
        def.accept(new ProtoMessage("ClusterRoleBinding")
                .message(1, "metadata", "ObjectMeta").messages(2, "subjects", "Subject")
                .message(3, "roleRef", "RoleRef"));

        // scheduling.k8s.io/v1, policy/v1
        def.accept(new ProtoMessage("PriorityClass")
                .message(1, "metadata", "ObjectMeta").integer(2, "value", true).bool(3, "globalDefault", false)
                .string(4, "description").string(5, "preemptionPolicy"));
        def.accept(new ProtoMessage("PodDisruptionBudget")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "PodDisruptionBudgetSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("PodDisruptionBudgetSpec")
                .intOrStringPointer(1, "minAvailable").message(2, "selector", "LabelSelector")
                .intOrStringPointer(3, "maxUnavailable").string(4, "unhealthyPodEvictionPolicy"));

        // autoscaling/v1 (what kubectl autoscale sends) and the Scale subresource
        def.accept(new ProtoMessage("autoscaling/v1.HorizontalPodAutoscaler")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "autoscaling/v1.HorizontalPodAutoscalerSpec")
                .message(3, "status", "Empty"));
        def.accept(new ProtoMessage("autoscaling/v1.HorizontalPodAutoscalerSpec")
                .message(1, "scaleTargetRef", "CrossVersionObjectReference").integer(2, "minReplicas", true)
                .integer(3, "maxReplicas", false).integer(4, "targetCPUUtilizationPercentage", true));
        def.accept(new ProtoMessage("CrossVersionObjectReference")
                .string(1, "kind").string(2, "name").string(3, "apiVersion"));
        def.accept(new ProtoMessage("Scale")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "ScaleSpec").message(3, "status", "Empty"));
        def.accept(new ProtoMessage("ScaleSpec").integer(1, "replicas", false));

        // networking.k8s.io/v1
        def.accept(new ProtoMessage("Ingress")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "IngressSpec").message(3, "status", "Empty"));
        def.accept(new ProtoMessage("IngressSpec")
                .message(1, "defaultBackend", "IngressBackend").messages(2, "tls", "IngressTLS")
                .messages(3, "rules", "IngressRule").string(4, "ingressClassName"));
        def.accept(new ProtoMessage("IngressTLS").strings(1, "hosts").string(2, "secretName"));
        def.accept(new ProtoMessage("IngressRule").string(1, "host").inline(2, "IngressRuleValue"));
        def.accept(new ProtoMessage("IngressRuleValue").message(1, "http", "HTTPIngressRuleValue"));
        def.accept(new ProtoMessage("HTTPIngressRuleValue").messages(1, "paths", "HTTPIngressPath"));
        def.accept(new ProtoMessage("HTTPIngressPath")
                .string(1, "path").message(2, "backend", "IngressBackend").string(3, "pathType"));
        def.accept(new ProtoMessage("IngressBackend")
                .message(3, "resource", "TypedLocalObjectReference").message(4, "service", "IngressServiceBackend"));
        def.accept(new ProtoMessage("TypedLocalObjectReference")
                .string(1, "apiGroup").string(2, "kind").string(3, "name"));
        def.accept(new ProtoMessage("IngressServiceBackend")
                .string(1, "name").message(2, "port", "ServiceBackendPort"));
        def.accept(new ProtoMessage("ServiceBackendPort").string(1, "name").integer(2, "number", false));
    }
}
