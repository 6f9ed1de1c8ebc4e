package dev.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiModelTest {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static String ref(String name) {
        return "#/definitions/" + name;
    }

    @Test
    void namesDefinitionsAsUpstream() {
        assertThat(OpenApiModel.definitionName(Pod.class)).isEqualTo("io.k8s.api.core.v1.Pod");
        assertThat(OpenApiModel.definitionName(ObjectMeta.class)).isEqualTo(META + "ObjectMeta");
        assertThat(OpenApiModel.definitionName(Deployment.class)).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.batch.v1.Job.class))
                .isEqualTo("io.k8s.api.batch.v1.Job");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.rbac.Role.class))
                .isEqualTo("io.k8s.api.rbac.v1.Role");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.storage.StorageClass.class))
                .isEqualTo("io.k8s.api.storage.v1.StorageClass");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class))
                .isEqualTo("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler");
        assertThat(OpenApiModel.definitionName(
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class))
                .isEqualTo("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.APIService.class))
                .isEqualTo("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService");
        assertThat(OpenApiModel.definitionName(io.fabric8.kubernetes.api.model.IntOrString.class))
                .isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    }

    @Test
    void rejectsClassesOutsideTheModel() {
        assertThatThrownBy(() -> OpenApiModel.definitions(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Kubernetes model class: java.lang.String");
    }

    @Test
    void podHasTheShapeOfUpstreamsSchema() {
        Map<String, ObjectNode> defs = OpenApiModel.definitions(Pod.class);
        assertThat(defs.keySet().iterator().next()).isEqualTo(CORE + "Pod");

        JsonNode pod = defs.get(CORE + "Pod");
        assertThat(pod.path("type").stringValue()).isEqualTo("object");
        assertThat(pod.path("properties").propertyNames())
                .containsExactly("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(pod.at("/properties/metadata/$ref").stringValue()).isEqualTo(ref(META + "ObjectMeta"));
        assertThat(pod.at("/properties/spec/$ref").stringValue()).isEqualTo(ref(CORE + "PodSpec"));

        JsonNode spec = defs.get(CORE + "PodSpec");
        assertThat(spec.path("required").toString()).isEqualTo("[\"containers\"]");
        JsonNode containers = spec.at("/properties/containers");
        assertThat(containers.path("type").stringValue()).isEqualTo("array");
        assertThat(containers.at("/items/$ref").stringValue()).isEqualTo(ref(CORE + "Container"));
        assertThat(containers.path("x-kubernetes-patch-strategy").stringValue()).isEqualTo("merge");
        assertThat(containers.path("x-kubernetes-patch-merge-key").stringValue()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-list-type").stringValue()).isEqualTo("map");
        assertThat(containers.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        assertThat(spec.at("/properties/volumes/x-kubernetes-patch-strategy").stringValue())
                .isEqualTo("merge,retainKeys");
        assertThat(spec.at("/properties/terminationGracePeriodSeconds/format").stringValue()).isEqualTo("int64");
        assertThat(spec.at("/properties/hostNetwork/type").stringValue()).isEqualTo("boolean");
        assertThat(spec.at("/properties/nodeSelector/additionalProperties/type").stringValue()).isEqualTo("string");

        JsonNode container = defs.get(CORE + "Container");
        assertThat(container.path("required").toString()).isEqualTo("[\"name\"]");
        assertThat(container.at("/properties/image/type").stringValue()).isEqualTo("string");
        assertThat(container.at("/properties/args/items/type").stringValue()).isEqualTo("string");
        assertThat(container.at("/properties/ports/x-kubernetes-patch-merge-key").stringValue())
                .isEqualTo("containerPort");
        assertThat(container.at("/properties/ports/x-kubernetes-list-map-keys").toString())
                .isEqualTo("[\"containerPort\",\"protocol\"]");
        assertThat(defs.get(CORE + "ContainerPort").at("/properties/containerPort/format").stringValue())
                .isEqualTo("int32");

        // Quantities and int-or-string values reference their upstream definitions.
        JsonNode limits = defs.get(CORE + "ResourceRequirements").at("/properties/limits");
        assertThat(limits.at("/additionalProperties/$ref").stringValue())
                .isEqualTo(ref("io.k8s.apimachinery.pkg.api.resource.Quantity"));
        assertThat(defs.get("io.k8s.apimachinery.pkg.api.resource.Quantity").toString())
                .isEqualTo("{\"type\":\"string\"}");
        assertThat(defs.get(CORE + "HTTPGetAction").at("/properties/port/$ref").stringValue())
                .isEqualTo(ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
        assertThat(defs.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").toString())
                .isEqualTo("{\"type\":\"string\",\"format\":\"int-or-string\"}");

        // fabric8 keeps timestamps as strings; upstream references meta/v1 Time.
        JsonNode meta = defs.get(META + "ObjectMeta");
        assertThat(meta.at("/properties/creationTimestamp/$ref").stringValue()).isEqualTo(ref(META + "Time"));
        assertThat(defs.get(META + "Time").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
        assertThat(meta.at("/properties/finalizers/x-kubernetes-list-type").stringValue()).isEqualTo("set");
        assertThat(meta.at("/properties/ownerReferences/x-kubernetes-patch-merge-key").stringValue()).isEqualTo("uid");
        assertThat(defs.get(META + "OwnerReference").path("required").toString())
                .isEqualTo("[\"apiVersion\",\"kind\",\"name\",\"uid\"]");
        assertThat(meta.at("/properties/managedFields/items/$ref").stringValue())
                .isEqualTo(ref(META + "ManagedFieldsEntry"));
        assertThat(defs.get(META + "ManagedFieldsEntry").at("/properties/fieldsV1/$ref").stringValue())
                .isEqualTo(ref(META + "FieldsV1"));
    }

    @Test
    void deploymentServiceAndConfigMap() {
        Map<String, ObjectNode> deployment = OpenApiModel.definitions(Deployment.class);
        JsonNode spec = deployment.get("io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(spec.path("required").toString()).isEqualTo("[\"selector\",\"template\"]");
        assertThat(spec.at("/properties/template/$ref").stringValue()).isEqualTo(ref(CORE + "PodTemplateSpec"));
        assertThat(spec.at("/properties/selector/$ref").stringValue()).isEqualTo(ref(META + "LabelSelector"));
        assertThat(spec.at("/properties/strategy/x-kubernetes-patch-strategy").stringValue()).isEqualTo("retainKeys");
        assertThat(spec.at("/properties/replicas/format").stringValue()).isEqualTo("int32");
        assertThat(deployment.get("io.k8s.api.apps.v1.RollingUpdateDeployment").at("/properties/maxSurge/$ref")
                .stringValue()).isEqualTo(ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
        assertThat(deployment.get("io.k8s.api.apps.v1.DeploymentStatus").at("/properties/conditions/x-kubernetes-list-map-keys")
                .toString()).isEqualTo("[\"type\"]");
        assertThat(deployment.get(META + "LabelSelector").path("x-kubernetes-map-type").stringValue())
                .isEqualTo("atomic");
        assertThat(deployment).containsKey(CORE + "Container");

        Map<String, ObjectNode> service = OpenApiModel.definitions(Service.class);
        JsonNode port = service.get(CORE + "ServicePort");
        assertThat(port.at("/properties/targetPort/$ref").stringValue())
                .isEqualTo(ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
        assertThat(port.path("required").toString()).isEqualTo("[\"port\"]");
        JsonNode ports = service.get(CORE + "ServiceSpec").at("/properties/ports");
        assertThat(ports.path("x-kubernetes-patch-merge-key").stringValue()).isEqualTo("port");
        assertThat(ports.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"port\",\"protocol\"]");

        JsonNode configMap = OpenApiModel.definitions(ConfigMap.class).get(CORE + "ConfigMap");
        assertThat(configMap.at("/properties/data/additionalProperties/type").stringValue()).isEqualTo("string");
        assertThat(configMap.at("/properties/binaryData/additionalProperties/format").stringValue()).isEqualTo("byte");
        assertThat(configMap.at("/properties/immutable/type").stringValue()).isEqualTo("boolean");
    }

    @Test
    void everyReferenceOfEveryBuiltinKindResolves() {
        for (ResourceInfo r : BuiltinResources.all()) {
            Map<String, ObjectNode> defs = OpenApiModel.definitions(r.modelClass());
            for (ObjectNode def : defs.values()) {
                for (String ref : SchemaWalk.refs(def)) {
                    assertThat(defs).as("%s references %s", r.kind(), ref)
                            .containsKey(ref.substring("#/definitions/".length()));
                }
            }
        }
    }

    @Test
    void microTimeAndRawExtensionFields() {
        Map<String, ObjectNode> lease = OpenApiModel.definitions(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class);
        assertThat(lease.get("io.k8s.api.coordination.v1.LeaseSpec").at("/properties/renewTime/$ref").stringValue())
                .isEqualTo(ref(META + "MicroTime"));
        Map<String, ObjectNode> revision = OpenApiModel.definitions(io.fabric8.kubernetes.api.model.apps.ControllerRevision.class);
        assertThat(revision.get("io.k8s.api.apps.v1.ControllerRevision").at("/properties/data/$ref").stringValue())
                .isEqualTo(ref("io.k8s.apimachinery.pkg.runtime.RawExtension"));
        assertThat(revision.get("io.k8s.apimachinery.pkg.runtime.RawExtension").path("type").stringValue())
                .isEqualTo("object");
    }
}
