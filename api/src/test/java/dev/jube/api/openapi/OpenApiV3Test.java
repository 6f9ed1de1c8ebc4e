package dev.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiV3Test {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static List<ResourceInfo> resources;
    private static OpenApiDocuments documents;

    @BeforeAll
    static void generate() {
        resources = new ArrayList<>(BuiltinResources.all());
        resources.add(OpenApiV2Test.widgets());
        documents = new OpenApiDocuments(resources);
    }

    @Test
    void indexListsEveryGroupVersionWithTheHashOfItsDocument() {
        JsonNode index = MAPPER.readTree(documents.v3Index());
        Set<String> expected = new TreeSet<>();
        resources.forEach(r -> expected.add(r.openApiV3Path()));
        assertThat(index.path("paths").propertyNames()).containsExactlyElementsOf(expected);
        assertThat(expected).contains("api/v1", "apis/apps/v1", "apis/rbac.authorization.k8s.io/v1",
                "apis/example.com/v1");
        for (String path : expected) {
            byte[] doc = documents.v3Document(path).orElseThrow();
            String url = index.path("paths").path(path).path("serverRelativeURL").stringValue();
            assertThat(url).isEqualTo("/openapi/v3/" + path + "?hash=" + OpenApiV3.hash(doc));
            assertThat(url).matches(".*\\?hash=[0-9A-F]{128}");
        }
        assertThat(documents.v3Document("apis/nothing/v1")).isEmpty();
    }

    @Test
    void everyDocumentResolvesItsReferencesAndLetsKubectlFindFieldValidation() {
        for (String path : MAPPER.readTree(documents.v3Index()).path("paths").propertyNames()) {
            JsonNode doc = MAPPER.readTree(documents.v3Document(path).orElseThrow());
            assertThat(doc.path("openapi").stringValue()).isEqualTo("3.0.0");
            JsonNode schemas = doc.at("/components/schemas");
            assertThat(SchemaWalk.unresolved(doc, schemas, "#/components/schemas/")).as(path).isEmpty();
            for (ResourceInfo r : resources) {
                if (r.openApiV3Path().equals(path) && r.has("patch")) {
                    assertThat(patchOffersFieldValidation(doc, r.group(), r.version(), r.kind()))
                            .as("%s %s", path, r.kind()).isTrue();
                }
            }
        }
    }

    @Test
    void coreDocumentUses30Forms() {
        JsonNode doc = MAPPER.readTree(documents.v3Document("api/v1").orElseThrow());
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers/items/$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.api.resource.Quantity").toString())
                .isEqualTo("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/format").stringValue())
                .isEqualTo("int-or-string");
        assertThat(schemas.at("/io.k8s.api.core.v1.ServicePort/properties/targetPort/$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        JsonNode patch = doc.at("/paths/" + OpenApiV2Test.escape("/api/v1/namespaces/{namespace}/pods/{name}") + "/patch");
        assertThat(patch.at("/requestBody/content").propertyNames())
                .contains("application/strategic-merge-patch+json", "application/apply-patch+yaml");
        assertThat(patch.at("/responses/200/content/application~1json/schema/$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Pod");
        assertThat(patch.at("/parameters/2/schema/type").stringValue()).isEqualTo("string");
        // No swagger 2.0 body parameters in 3.0.
        assertThat(patch.path("parameters").toString()).doesNotContain("\"in\":\"body\"");
        assertThat(doc.has("definitions")).isFalse();
    }

    @Test
    void aReferenceWithSiblingsIsWrappedInAllOf() {
        JsonNode doc = MAPPER.readTree(documents.v3Document("apis/apps/v1").orElseThrow());
        JsonNode strategy = doc.at("/components/schemas/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy");
        assertThat(strategy.at("/allOf/0/$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(strategy.path("x-kubernetes-patch-strategy").stringValue()).isEqualTo("retainKeys");
        assertThat(strategy.has("$ref")).isFalse();
        // apps/v1 documents the Scale subresource kind too.
        assertThat(doc.at("/components/schemas").has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
    }

    @Test
    void customResourceDocumentKeepsItsSchema() {
        JsonNode doc = MAPPER.readTree(documents.v3Document("apis/example.com/v1").orElseThrow());
        JsonNode port = doc.at("/components/schemas/com.example.v1.Widget/properties/spec/properties/port");
        assertThat(port.path("x-kubernetes-int-or-string").booleanValue()).isTrue();
        assertThat(port.path("anyOf").size()).isEqualTo(2);
        assertThat(doc.at("/components/schemas/com.example.v1.Widget/properties/metadata/$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    }

    @Test
    void generationIsDeterministic() {
        OpenApiDocuments again = new OpenApiDocuments(resources);
        assertThat(again.v3Index()).isEqualTo(documents.v3Index());
        assertThat(again.v2Json()).isEqualTo(documents.v2Json());
        assertThat(again.v2Protobuf()).isEqualTo(documents.v2Protobuf());
        assertThat(MAPPER.readTree(OpenApiV3.serialize(OpenApiV3.discovery(resources))))
                .isEqualTo(MAPPER.readTree(documents.v3Index()));
    }

    @Test
    void documentsAreCachedAndFieldValidationCanBeWithheld() {
        assertThat(documents.v2Json()).isSameAs(documents.v2Json());
        assertThat(documents.v3Document("api/v1").orElseThrow()).isSameAs(documents.v3Document("api/v1").orElseThrow());
        assertThat(documents.v2ETag()).matches("\"[0-9A-F]{128}\"");

        OpenApiDocuments plain = new OpenApiDocuments(resources, false);
        JsonNode doc = MAPPER.readTree(plain.v3Document("api/v1").orElseThrow());
        assertThat(patchOffersFieldValidation(doc, "", "v1", "Pod")).isFalse();
        assertThat(new String(plain.v2Json())).doesNotContain("fieldValidation");
    }

    @Test
    void unknownGroupVersionIsRefused() {
        assertThatThrownBy(() -> OpenApiV3.groupVersionDocument("nothing/v1", resources))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no resources are served in group-version nothing/v1");
    }

    /** kubectl's check: a PATCH operation tagged with the kind has a fieldValidation query parameter. */
    private static boolean patchOffersFieldValidation(JsonNode doc, String group, String version, String kind) {
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            JsonNode patch = path.getValue().path("patch");
            JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
            if (!gvk.path("group").asString("-").equals(group) || !gvk.path("version").asString("").equals(version)
                    || !gvk.path("kind").asString("").equals(kind)) {
                continue;
            }
            for (JsonNode p : patch.path("parameters")) {
                if (p.path("name").asString("").equals("fieldValidation") && p.path("in").asString("").equals("query")) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }
}
