package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CustomResourceDefinitions served by the API server: names, schemas, subresources, tables, versions. */
class CustomResourceDefinitionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String WIDGETS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names:
                plural: widgets
                kind: Widget
                shortNames: [wd]
                categories: [all]
              versions:
              - name: v1beta1
                served: true
                storage: false
                deprecated: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                    labelSelectorPath: .status.selector
                additionalPrinterColumns:
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Color
                  type: string
                  jsonPath: .spec.color
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [color]
                        properties:
                          replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
                          color: {type: string, enum: [red, green, blue]}
                          size: {type: string, maxLength: 5, pattern: '^[a-z]+$'}
                          tags:
                            type: array
                            items: {type: string}
                            x-kubernetes-list-type: set
                          port: {x-kubernetes-int-or-string: true}
                          endpoints:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties:
                                name: {type: string}
                                url: {type: string}
                          extra:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
                          selector: {type: string}
            """;

    static final String GADGETS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.example.com
            spec:
              group: example.com
              scope: Cluster
              names:
                plural: gadgets
                kind: Gadget
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
            """;

    private static JubeCluster cluster;
    private static KubernetesClient client;
    private static RawApi raw;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        raw = new RawApi(cluster);
        createAndWait(WIDGETS);
        createAndWait(GADGETS);
    }

    @AfterAll
    static void stop() {
        raw.close();
        cluster.close();
    }

    private static CustomResourceDefinition createAndWait(String yaml) {
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(yaml,
                CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        String name = crd.getMetadata().getName();
        await().atMost(Duration.ofSeconds(10)).until(() -> condition(name, "Established").equals("True"));
        return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    }

    private static String condition(String crd, String type) {
        CustomResourceDefinition c = client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
        if (c == null || c.getStatus() == null || c.getStatus().getConditions() == null) {
            return "";
        }
        return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(type))
                .map(CustomResourceDefinitionCondition::getStatus).findFirst().orElse("");
    }

    private static MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets(
            String version) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("example.com")
                .withVersion(version).withKind("Widget").withPlural("widgets").withNamespaced(true).build());
    }

    private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
        GenericKubernetesResource w = new GenericKubernetesResource();
        w.setApiVersion("example.com/v1");
        w.setKind("Widget");
        w.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        w.setAdditionalProperty("spec", spec);
        return w;
    }

    private static JsonNode rawJson(String method, String path, String contentType, String body) throws Exception {
        return JSON.readTree(raw.send(method, path, contentType, body == null ? null
                : body.getBytes(StandardCharsets.UTF_8)).body());
    }

    @Test
    void establishedCrdRecordsAcceptedNamesAndStoredVersions() throws Exception {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("widgets.example.com").get();
        assertThat(crd.getStatus().getAcceptedNames().getPlural()).isEqualTo("widgets");
        assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
        assertThat(crd.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("wd");
        assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo("widget");
        assertThat(crd.getStatus().getConditions()).extracting(CustomResourceDefinitionCondition::getType,
                        CustomResourceDefinitionCondition::getStatus, CustomResourceDefinitionCondition::getReason)
                .contains(org.assertj.core.groups.Tuple.tuple("NamesAccepted", "True", "NoConflicts"),
                        org.assertj.core.groups.Tuple.tuple("Established", "True", "InitialNamesAccepted"));
    }

    @Test
    void namespacedCustomResourceCrud() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        GenericKubernetesResource created = ws.resource(widget("crud", Map.of("color", "red"))).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(ws.withName("crud").get().<Object>get("spec", "color")).isEqualTo("red");
        assertThat(ws.list().getItems()).extracting(w -> w.getMetadata().getName()).contains("crud");

        GenericKubernetesResource changed = ws.withName("crud").get();
        changed.setAdditionalProperty("spec", Map.of("color", "green", "replicas", 3));
        GenericKubernetesResource updated = ws.resource(changed).update();
        assertThat(updated.<Object>get("spec", "color")).isEqualTo("green");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);

        ws.withName("crud").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.withName("crud").get() == null);
    }

    @Test
    void clusterScopedCustomResourceCrud() throws Exception {
        var gadgets = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("example.com").withVersion("v1").withKind("Gadget").withPlural("gadgets")
                .withNamespaced(false).build());
        GenericKubernetesResource g = new GenericKubernetesResource();
        g.setApiVersion("example.com/v1");
        g.setKind("Gadget");
        g.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("big").build());
        g.setAdditionalProperty("spec", Map.of("size", 4));
        GenericKubernetesResource created = gadgets.resource(g).create();
        assertThat(created.getMetadata().getNamespace()).isNull();
        assertThat(gadgets.withName("big").get().<Object>get("spec", "size")).isEqualTo(4);
        assertThat(raw.get("/apis/example.com/v1/namespaces/default/gadgets/big").status()).isEqualTo(404);
        gadgets.withName("big").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> gadgets.withName("big").get() == null);
    }

    @Test
    void schemaViolationsAreInvalidWithUpstreamMessages() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "replicas", "three"))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.replicas: Invalid value: \"string\": "
                            + "spec.replicas in body must be of type integer: \"string\"");
                });
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("replicas", 2))).create())
                .hasMessageContaining("spec.color: Required value");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "purple"))).create())
                .hasMessageContaining("spec.color: Unsupported value: \"purple\": supported values: \"red\", "
                        + "\"green\", \"blue\"");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "replicas", 11))).create())
                .hasMessageContaining("spec.replicas: Invalid value: 11: spec.replicas in body should be less "
                        + "than or equal to 10");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "size", "toolong"))).create())
                .hasMessageContaining("spec.size: Too long: may not be more than 5 bytes");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "size", "A1"))).create())
                .hasMessageContaining("spec.size: Invalid value: \"A1\": spec.size in body should match '^[a-z]+$'");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "tags", List.of("a", "a"))))
                .create()).hasMessageContaining("spec.tags[1]: Duplicate value: \"a\"");
        assertThatThrownBy(() -> ws.resource(widget("bad", Map.of("color", "red", "port", true))).create())
                .hasMessageContaining("spec.port in body must be of type integer,string: \"boolean\"");
        assertThat(ws.withName("bad").get()).isNull();
    }

    @Test
    void unknownFieldsArePrunedAndDefaultsApplied() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        GenericKubernetesResource created = ws.resource(widget("pruned", Map.of("color", "blue", "bogus", 1,
                "port", "http", "extra", Map.of("anything", Map.of("goes", true))))).create();
        Map<String, Object> spec = created.get("spec");
        assertThat(spec).doesNotContainKey("bogus").containsEntry("replicas", 1).containsEntry("port", "http");
        assertThat(created.<Object>get("spec", "extra", "anything", "goes")).isEqualTo(true);
        assertThat(ws.withName("pruned").get().<Map<String, Object>>get("spec")).doesNotContainKey("bogus");
    }

    @Test
    void strictFieldValidationRejectsUnknownFields() throws Exception {
        JsonNode status = rawJson("POST", "/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict",
                "application/json", "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":"
                        + "\"strict\"},\"spec\":{\"color\":\"red\",\"bogus\":1}}");
        assertThat(status.path("code").asInt()).isEqualTo(400);
        assertThat(status.path("message").asString()).contains("unknown field \"spec.bogus\"");
    }

    @Test
    void statusSubresourceSplitsSpecFromStatusAndGenerationFollowsSpec() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        GenericKubernetesResource w = widget("split", Map.of("color", "red"));
        w.setAdditionalProperty("status", Map.of("replicas", 5));
        GenericKubernetesResource created = ws.resource(w).create();
        assertThat(created.getAdditionalProperties()).doesNotContainKey("status");

        JsonNode withStatus = rawJson("PATCH", "/apis/example.com/v1/namespaces/default/widgets/split/status",
                "application/merge-patch+json", "{\"status\":{\"replicas\":2,\"selector\":\"app=split\"}}");
        assertThat(withStatus.path("status").path("replicas").asInt()).isEqualTo(2);
        assertThat(withStatus.path("metadata").path("generation").asLong()).isEqualTo(1);

        JsonNode ignored = rawJson("PATCH", "/apis/example.com/v1/namespaces/default/widgets/split",
                "application/merge-patch+json", "{\"status\":{\"replicas\":9}}");
        assertThat(ignored.path("status").path("replicas").asInt()).isEqualTo(2);
        assertThat(ignored.path("metadata").path("generation").asLong()).isEqualTo(1);

        JsonNode specChange = rawJson("PATCH", "/apis/example.com/v1/namespaces/default/widgets/split",
                "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/spec/color\",\"value\":\"green\"}]");
        assertThat(specChange.path("spec").path("color").asString()).isEqualTo("green");
        assertThat(specChange.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void scaleSubresourceReadsAndWritesTheConfiguredPaths() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        ws.resource(widget("scaled", Map.of("color", "red", "replicas", 2))).create();
        rawJson("PATCH", "/apis/example.com/v1/namespaces/default/widgets/scaled/status",
                "application/merge-patch+json", "{\"status\":{\"replicas\":2,\"selector\":\"app=scaled\"}}");
        JsonNode scale = rawJson("GET", "/apis/example.com/v1/namespaces/default/widgets/scaled/scale", null, null);
        assertThat(scale.path("kind").asString()).isEqualTo("Scale");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("selector").asString()).isEqualTo("app=scaled");

        JsonNode scaled = rawJson("PATCH", "/apis/example.com/v1/namespaces/default/widgets/scaled/scale",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":7}}");
        assertThat(scaled.path("spec").path("replicas").asInt()).isEqualTo(7);
        assertThat(ws.withName("scaled").get().<Object>get("spec", "replicas")).isEqualTo(7);
    }

    @Test
    void tablesShowThePrinterColumns() throws Exception {
        widgets("v1").inNamespace("default").resource(widget("tabled", Map.of("color", "green", "replicas", 4)))
                .create();
        HttpResponse<String> r = raw.exchange("GET", "/apis/example.com/v1/namespaces/default/widgets/tabled",
                "application/json;as=Table;v=v1;g=meta.k8s.io", null, null);
        JsonNode table = JSON.readTree(r.body());
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        List<String> columns = table.path("columnDefinitions").valueStream().map(c -> c.path("name").asString())
                .toList();
        assertThat(columns).containsExactly("Name", "Replicas", "Color");
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertThat(cells.get(0).asString()).isEqualTo("tabled");
        assertThat(cells.get(1).asInt()).isEqualTo(4);
        assertThat(cells.get(2).asString()).isEqualTo("green");
    }

    @Test
    void everyServedVersionServesTheSameObjectsAndDeprecatedOnesWarn() throws Exception {
        widgets("v1").inNamespace("default").resource(widget("versioned", Map.of("color", "red"))).create();
        HttpResponse<String> r = raw.exchange("GET",
                "/apis/example.com/v1beta1/namespaces/default/widgets/versioned", "application/json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode obj = JSON.readTree(r.body());
        assertThat(obj.path("apiVersion").asString()).isEqualTo("example.com/v1beta1");
        assertThat(obj.path("spec").path("color").asString()).isEqualTo("red");
        assertThat(r.headers().allValues("warning")).containsExactly(
                "299 - \"example.com/v1beta1 Widget is deprecated\"");
        HttpResponse<String> v1 = raw.exchange("GET", "/apis/example.com/v1/namespaces/default/widgets/versioned",
                "application/json", null, null);
        assertThat(v1.headers().allValues("warning")).isEmpty();
    }

    @Test
    void strategicMergePatchIsUnsupportedButApplyWorks() throws Exception {
        widgets("v1").inNamespace("default").resource(widget("patched", Map.of("color", "red"))).create();
        RawApi.Reply smp = raw.send("PATCH", "/apis/example.com/v1/namespaces/default/widgets/patched",
                "application/strategic-merge-patch+json", "{\"spec\":{\"color\":\"blue\"}}".getBytes());
        assertThat(smp.status()).isEqualTo(415);
        JsonNode applied = rawJson("PATCH",
                "/apis/example.com/v1/namespaces/default/widgets/applied?fieldManager=test",
                "application/apply-patch+yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: applied\n"
                        + "spec:\n  color: blue\n");
        assertThat(applied.path("spec").path("color").asString()).isEqualTo("blue");
        assertThat(applied.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(applied.path("metadata").path("managedFields").get(0).path("manager").asString()).isEqualTo("test");
    }

    @Test
    void serverSideApplyMergesMapListsByTheirKeys() throws Exception {
        String base = "/apis/example.com/v1/namespaces/default/widgets/listed?fieldManager=";
        rawJson("PATCH", base + "one", "application/apply-patch+yaml", "apiVersion: example.com/v1\nkind: Widget\n"
                + "metadata:\n  name: listed\nspec:\n  color: red\n  endpoints:\n  - name: a\n    url: x\n");
        JsonNode merged = rawJson("PATCH", base + "two", "application/apply-patch+yaml", "apiVersion: example.com/v1\n"
                + "kind: Widget\nmetadata:\n  name: listed\nspec:\n  endpoints:\n  - name: b\n    url: y\n");
        assertThat(merged.path("spec").path("endpoints").valueStream().map(e -> e.path("name").asString()))
                .containsExactly("a", "b");
        RawApi.Reply conflict = raw.send("PATCH", base.replace("listed?", "listed?") + "two",
                "application/apply-patch+yaml", ("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: "
                        + "listed\nspec:\n  endpoints:\n  - name: a\n    url: z\n").getBytes(StandardCharsets.UTF_8));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("conflict with \\\"one\\\"");
    }

    @Test
    void discoveryAndOpenApiListTheCustomResources() throws Exception {
        JsonNode list = rawJson("GET", "/apis/example.com/v1", null, null);
        JsonNode widgetsEntry = list.path("resources").valueStream()
                .filter(r -> r.path("name").asString().equals("widgets")).findFirst().orElseThrow();
        assertThat(widgetsEntry.path("kind").asString()).isEqualTo("Widget");
        assertThat(widgetsEntry.path("namespaced").asBoolean()).isTrue();
        assertThat(widgetsEntry.path("shortNames").get(0).asString()).isEqualTo("wd");
        assertThat(list.path("resources").valueStream().map(r -> r.path("name").asString()))
                .contains("widgets/status", "widgets/scale", "gadgets");
        JsonNode group = rawJson("GET", "/apis/example.com", null, null);
        assertThat(group.path("preferredVersion").path("version").asString()).isEqualTo("v1");
        HttpResponse<String> aggregated = raw.exchange("GET", "/apis",
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", null, null);
        assertThat(aggregated.body()).contains("\"widgets\"");
        String v3 = raw.get("/openapi/v3/apis/example.com/v1").body();
        assertThat(v3).contains("\"enum\":[\"red\",\"green\",\"blue\"]");
        assertThat(raw.get("/openapi/v2").body()).contains("com.example.v1.Widget");
    }

    @Test
    void nonStructuralSchemasAndMissingStorageVersionsAreRejected() throws Exception {
        String bad = WIDGETS.replace("widgets.example.com", "things.example.com").replace("plural: widgets",
                        "plural: things").replace("kind: Widget", "kind: Thing").replace("shortNames: [wd]", "")
                .replace("storage: true", "storage: false")
                .replace("replicas: {type: integer, minimum: 0, maximum: 10, default: 1}", "replicas: {minimum: 0}");
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(bad,
                CustomResourceDefinition.class);
        assertThatThrownBy(() -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.versions[1].schema.openAPIV3Schema.properties[spec]"
                            + ".properties[replicas].type: Required value: must not be empty for specified object fields");
                    assertThat(e.getMessage()).contains("must have exactly one version marked as storage version");
                });
    }

    @Test
    void conflictingNamesAreNotAccepted() throws Exception {
        String clash = GADGETS.replace("gadgets.example.com", "gizmos.example.com").replace("plural: gadgets",
                "plural: gizmos\n    singular: gizmo").replace("kind: Gadget", "kind: Widget");
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(clash,
                CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> condition("gizmos.example.com", "NamesAccepted")
                .equals("False"));
        assertThat(condition("gizmos.example.com", "Established")).isEqualTo("False");
        CustomResourceDefinitionCondition names = client.apiextensions().v1().customResourceDefinitions()
                .withName("gizmos.example.com").get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("NamesAccepted")).findFirst().orElseThrow();
        assertThat(names.getReason()).isEqualTo("KindConflict");
        assertThat(names.getMessage()).isEqualTo("\"Widget\" is already in use");
        assertThat(raw.get("/apis/example.com/v1/gizmos").status()).isEqualTo(404);
    }

    @Test
    void deletingACrdRemovesItsObjectsAndEndpoints() throws Exception {
        createAndWait(GADGETS.replace("gadgets", "doodads").replace("Gadget", "Doodad"));
        var doodads = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("example.com").withVersion("v1").withKind("Doodad").withPlural("doodads")
                .withNamespaced(false).build());
        GenericKubernetesResource d = new GenericKubernetesResource();
        d.setApiVersion("example.com/v1");
        d.setKind("Doodad");
        d.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("one").build());
        doodads.resource(d).create();
        client.apiextensions().v1().customResourceDefinitions().withName("doodads.example.com").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.apiextensions().v1()
                .customResourceDefinitions().withName("doodads.example.com").get() == null);
        assertThat(raw.get("/apis/example.com/v1/doodads").status()).isEqualTo(404);
        assertThat(rawJson("GET", "/apis/example.com/v1", null, null).path("resources").valueStream()
                .map(r -> r.path("name").asString())).doesNotContain("doodads");

        // Re-created, it starts empty: the old objects went with the old definition.
        createAndWait(GADGETS.replace("gadgets", "doodads").replace("Gadget", "Doodad"));
        assertThat(doodads.list().getItems()).isEmpty();
    }

    @Test
    void aTerminatingCrdWaitsForItsObjectsFinalizersAndTakesNoNewObjects() throws Exception {
        createAndWait(GADGETS.replace("gadgets", "sprockets").replace("Gadget", "Sprocket"));
        String base = "/apis/example.com/v1/sprockets";
        RawApi.Reply created = raw.send("POST", base, "application/json", ("{\"apiVersion\":\"example.com/v1\","
                + "\"kind\":\"Sprocket\",\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        client.apiextensions().v1().customResourceDefinitions().withName("sprockets.example.com").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> rawJson("GET", base + "/held", null, null)
                .path("metadata").has("deletionTimestamp"));
        assertThat(condition("sprockets.example.com", "Terminating")).isEqualTo("True");
        RawApi.Reply refused = raw.send("POST", base, "application/json", ("{\"apiVersion\":\"example.com/v1\","
                + "\"kind\":\"Sprocket\",\"metadata\":{\"name\":\"late\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(405);

        rawJson("PATCH", base + "/held", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.apiextensions().v1()
                .customResourceDefinitions().withName("sprockets.example.com").get() == null);
        assertThat(raw.get(base).status()).isEqualTo(404);
    }

    @Test
    void watchDeliversCustomResourceEvents() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        try (var watch = ws.watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        })) {
            ws.resource(widget("watched", Map.of("color", "red"))).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED watched"));
        }
    }

    @Test
    void jsonPatchAndMergePatchChangeCustomResources() throws Exception {
        var ws = widgets("v1").inNamespace("default");
        ws.resource(widget("merged", Map.of("color", "red"))).create();
        GenericKubernetesResource merged = ws.withName("merged").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"color\":\"blue\"}}");
        assertThat(merged.<Object>get("spec", "color")).isEqualTo("blue");
        GenericKubernetesResource patched = ws.withName("merged").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/spec/tags\",\"value\":[\"x\"]}]");
        assertThat(patched.<Object>get("spec", "tags")).isEqualTo(List.of("x"));
    }
}
