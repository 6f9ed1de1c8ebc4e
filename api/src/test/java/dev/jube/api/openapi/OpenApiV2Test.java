package dev.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class OpenApiV2Test {

    private static final String PODS = "/api/v1/namespaces/{namespace}/pods";
    private static ObjectNode doc;

    @BeforeAll
    static void generate() {
        doc = OpenApiV2.document(BuiltinResources.all());
    }

    static ResourceInfo widgets() {
        JsonNode schema = JsonMapper.builder().build().readTree("""
                {"type": "object", "properties": {
                  "spec": {"type": "object", "required": ["size"], "properties": {
                    "size": {"type": "integer"},
                    "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                              "properties": {"known": {"type": "string"}}},
                    "note": {"type": "string", "nullable": true}}}}}
                """);
        return ResourceInfo.custom("example.com", "v1", "Widget", "widgets", true, ResourceInfo.STANDARD_VERBS,
                List.of("status", "scale"), schema);
    }

    @Test
    void isASwagger2Document() {
        assertThat(doc.path("swagger").stringValue()).isEqualTo("2.0");
        assertThat(doc.at("/info/title").stringValue()).isEqualTo("Kubernetes");
        assertThat(doc.path("paths").size()).isGreaterThan(200);
        assertThat(doc.path("definitions").size()).isGreaterThan(300);
    }

    @Test
    void everyReferenceResolves() {
        assertThat(SchemaWalk.refs(doc)).hasSizeGreaterThan(1000);
        assertThat(SchemaWalk.unresolved(doc, doc.path("definitions"), "#/definitions/")).isEmpty();
    }

    @Test
    void writeOperationsOfferFieldValidationAndCarryTheirKind() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : List.of("post", "put", "patch")) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode() || op.path("x-kubernetes-action").stringValue().equals("connect")) {
                    continue; // exec, attach, proxy: streams, not objects
                }
                assertThat(queryParameters(op)).as("%s %s", method, path.getKey())
                        .contains("fieldValidation", "dryRun", "fieldManager");
                assertThat(op.at("/x-kubernetes-group-version-kind/kind").isString()).isTrue();
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).contains("patch " + PODS + "/{name}", "post " + PODS, "put " + PODS + "/{name}/status",
                "patch /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
    }

    @Test
    void podPaths() {
        JsonNode item = doc.at("/paths/" + escape(PODS + "/{name}"));
        assertThat(names(item.path("parameters"))).containsExactly("name", "namespace", "pretty");
        JsonNode patch = item.path("patch");
        assertThat(patch.path("operationId").stringValue()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.path("x-kubernetes-action").stringValue()).isEqualTo("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}");
        assertThat(patch.path("consumes").toString()).contains("application/strategic-merge-patch+json",
                "application/apply-patch+yaml");
        assertThat(queryParameters(patch)).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
        assertThat(patch.at("/parameters/0/in").stringValue()).isEqualTo("body");
        assertThat(patch.at("/responses/200/schema/$ref").stringValue()).isEqualTo("#/definitions/io.k8s.api.core.v1.Pod");

        JsonNode list = doc.at("/paths/" + escape(PODS) + "/get");
        assertThat(list.path("x-kubernetes-action").stringValue()).isEqualTo("list");
        assertThat(queryParameters(list)).contains("labelSelector", "fieldSelector", "limit", "continue",
                "resourceVersion", "watch", "allowWatchBookmarks", "timeoutSeconds");
        assertThat(list.at("/responses/200/schema/$ref").stringValue())
                .isEqualTo("#/definitions/io.k8s.api.core.v1.PodList");
        assertThat(doc.at("/paths/" + escape("/api/v1/pods") + "/get/operationId").stringValue())
                .isEqualTo("listCoreV1PodForAllNamespaces");
        assertThat(doc.at("/paths/" + escape(PODS + "/{name}/log") + "/get/x-kubernetes-action").stringValue())
                .isEqualTo("get");
        assertThat(doc.at("/paths/" + escape(PODS + "/{name}/exec") + "/post/x-kubernetes-group-version-kind/kind")
                .stringValue()).isEqualTo("PodExecOptions");
        assertThat(doc.at("/paths/" + escape(PODS + "/{name}/eviction") + "/post/parameters/0/schema/$ref")
                .stringValue()).isEqualTo("#/definitions/io.k8s.api.policy.v1.Eviction");
        assertThat(doc.at("/paths/" + escape("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")
                + "/put/parameters/0/schema/$ref").stringValue())
                .isEqualTo("#/definitions/io.k8s.api.autoscaling.v1.Scale");
        assertThat(doc.at("/paths/" + escape("/apis/rbac.authorization.k8s.io/v1/clusterroles") + "/get/tags/0")
                .stringValue()).isEqualTo("rbacAuthorization_v1");
        assertThat(doc.at("/paths/" + escape("/apis/apps/v1/") + "/get/operationId").stringValue())
                .isEqualTo("getAppsV1APIResources");
    }

    @Test
    void kindsCarryTheirGroupVersionKind() {
        JsonNode defs = doc.path("definitions");
        assertThat(defs.at("/io.k8s.api.apps.v1.Deployment/x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
        assertThat(defs.at("/io.k8s.api.core.v1.PodList/x-kubernetes-group-version-kind/0/kind").stringValue())
                .isEqualTo("PodList");
        assertThat(defs.at("/io.k8s.api.autoscaling.v1.Scale/x-kubernetes-group-version-kind/0/group").stringValue())
                .isEqualTo("autoscaling");
        // The shared model definitions themselves stay unmarked.
        assertThat(OpenApiModel.definitions(io.fabric8.kubernetes.api.model.Pod.class)
                .get("io.k8s.api.core.v1.Pod").has("x-kubernetes-group-version-kind")).isFalse();
    }

    @Test
    void withoutServerFieldValidationTheParameterIsNotOffered() {
        ObjectNode plain = OpenApiV2.document(BuiltinResources.all().subList(0, 1), false);
        JsonNode patch = plain.at("/paths/" + escape(PODS + "/{name}") + "/patch");
        assertThat(queryParameters(patch)).containsExactly("dryRun", "fieldManager", "force");
    }

    @Test
    void customResourcesAreRelaxedForSwagger2() {
        ObjectNode custom = OpenApiV2.document(List.of(widgets()));
        JsonNode widget = custom.at("/definitions/com.example.v1.Widget");
        assertThat(widget.at("/properties/metadata/$ref").stringValue())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(widget.at("/properties/kind/type").stringValue()).isEqualTo("string");
        assertThat(widget.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"example.com\",\"kind\":\"Widget\",\"version\":\"v1\"}]");
        JsonNode spec = widget.at("/properties/spec");
        assertThat(spec.path("required").toString()).isEqualTo("[\"size\"]");
        assertThat(spec.at("/properties/port").has("anyOf")).isFalse();
        assertThat(spec.at("/properties/port").has("type")).isFalse();
        assertThat(spec.at("/properties/extra").has("properties")).isFalse();
        assertThat(spec.at("/properties/note").has("type")).isFalse();
        assertThat(custom.at("/definitions/com.example.v1.WidgetList/properties/items/items/$ref").stringValue())
                .isEqualTo("#/definitions/com.example.v1.Widget");
        assertThat(custom.at("/paths/" + escape("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status")
                + "/patch/operationId").stringValue()).isEqualTo("patchExampleComV1NamespacedWidgetStatus");
        assertThat(SchemaWalk.unresolved(custom, custom.path("definitions"), "#/definitions/")).isEmpty();
    }

    @Test
    void badInputIsRefusedWithAReason() {
        ResourceInfo pods = BuiltinResources.all().get(0);
        assertThatThrownBy(() -> OpenApiV2.document(List.of(pods, pods)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two resources serve the path");
        ResourceInfo odd = ResourceInfo.builtin("", "v1", "Pod", "pods", true, List.of("get"), List.of("teleport"),
                io.fabric8.kubernetes.api.model.Pod.class);
        assertThatThrownBy(() -> OpenApiV2.document(List.of(odd)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported subresource \"teleport\"");
        assertThatThrownBy(() -> ResourceInfo.builtin("", "v1", "Pod", "pods", true, List.of("fly"), List.of(),
                io.fabric8.kubernetes.api.model.Pod.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown verb \"fly\"");
        assertThatThrownBy(() -> new ResourceInfo("example.com", "v1", "W", "ws", true, List.of(), List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a model class or a custom JSON schema");
    }

    static List<String> queryParameters(JsonNode op) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            if (p.path("in").stringValue().equals("query")) {
                out.add(p.path("name").stringValue());
            }
        }
        return out;
    }

    private static List<String> names(JsonNode params) {
        List<String> out = new ArrayList<>();
        params.forEach(p -> out.add(p.path("name").stringValue()));
        return out;
    }

    /** A JSON pointer segment for a path key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
