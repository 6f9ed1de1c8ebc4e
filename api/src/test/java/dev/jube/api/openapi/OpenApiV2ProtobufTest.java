package dev.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads the encoding back by the field numbers of gnostic's OpenAPIv2.proto. */
class OpenApiV2ProtobufTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void encodesTheDocumentMessage() {
        ObjectNode json = OpenApiV2.document(BuiltinResources.all());
        ProtoReader doc = new ProtoReader(OpenApiV2Protobuf.encode(json));

        assertThat(doc.string(1)).isEqualTo("2.0");
        assertThat(doc.message(2).string(1)).isEqualTo("Kubernetes");
        assertThat(doc.message(9).messages(1)).hasSize(json.path("definitions").size());
        assertThat(doc.message(8).messages(2)).hasSize(json.path("paths").size());

        // Schema: required (19), type (22), properties (25), items (23), $ref (1), extensions (31).
        ProtoReader container = doc.message(9).named(1, "io.k8s.api.core.v1.Container");
        assertThat(container.strings(19)).containsExactly("name");
        assertThat(container.message(22).strings(1)).containsExactly("object");
        assertThat(container.message(25).named(1, "image").message(22).strings(1)).containsExactly("string");
        ProtoReader podSpec = doc.message(9).named(1, "io.k8s.api.core.v1.PodSpec");
        ProtoReader containers = podSpec.message(25).named(1, "containers");
        assertThat(containers.message(23).message(1).string(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
        assertThat(extension(containers, 31, "x-kubernetes-patch-merge-key")).isEqualTo("\"name\"");
        assertThat(extension(containers, 31, "x-kubernetes-patch-strategy")).isEqualTo("\"merge\"");
        ProtoReader pod = doc.message(9).named(1, "io.k8s.api.core.v1.Pod");
        assertThat(MAPPER.readTree(extension(pod, 31, "x-kubernetes-group-version-kind")).toString())
                .isEqualTo("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]");

        // PathItem patch (8) -> Operation: parameters (8), vendor extensions (13).
        ProtoReader item = doc.message(8).named(2, "/api/v1/namespaces/{namespace}/pods/{name}");
        List<String> pathParams = new ArrayList<>();
        for (ProtoReader p : item.messages(9)) {
            ProtoReader nonBody = p.message(1).message(2);
            pathParams.add((nonBody.has(4) ? "path " : "query ") + nonBody.message(nonBody.has(4) ? 4 : 3).string(4));
        }
        assertThat(pathParams).containsExactly("path name", "path namespace", "query pretty");
        ProtoReader patch = item.message(8);
        assertThat(patch.string(5)).isEqualTo("patchCoreV1NamespacedPod");
        List<String> query = new ArrayList<>();
        for (ProtoReader p : patch.messages(8)) {
            ProtoReader parameter = p.message(1);
            if (parameter.has(1)) {
                assertThat(parameter.message(1).string(3)).isEqualTo("body");
                assertThat(parameter.message(1).message(5).string(1))
                        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
            } else {
                ProtoReader sub = parameter.message(2).message(3);
                assertThat(sub.string(2)).isEqualTo("query");
                query.add(sub.string(4));
            }
        }
        assertThat(query).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
        assertThat(MAPPER.readTree(extension(patch, 13, "x-kubernetes-group-version-kind")).toString())
                .isEqualTo("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}");
        ProtoReader ok = patch.message(9).named(1, "200").message(1);
        assertThat(ok.string(1)).isEqualTo("OK");
        assertThat(ok.message(2).message(1).string(1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Pod");
    }

    @Test
    void pathParametersAndQueryParametersUseTheirOwnFieldNumbers() {
        ObjectNode json = (ObjectNode) MAPPER.readTree("""
                {"swagger": "2.0", "paths": {"/x/{id}": {"get": {
                  "parameters": [
                    {"in": "path", "name": "id", "required": true, "type": "string", "uniqueItems": true},
                    {"in": "query", "name": "limit", "type": "integer", "uniqueItems": true}],
                  "responses": {"200": {"description": "OK"}}}}},
                 "definitions": {"T": {"type": "object", "additionalProperties": false,
                   "properties": {"n": {"type": "number", "maximum": 2.5}}}}}
                """);
        ProtoReader doc = new ProtoReader(OpenApiV2Protobuf.encode(json));
        ProtoReader get = doc.message(8).named(2, "/x/{id}").message(2);
        ProtoReader path = get.messages(8).get(0).message(1).message(2).message(4);
        assertThat(path.number(1)).isEqualTo(1);
        assertThat(path.string(5)).isEqualTo("string");
        assertThat(path.number(19)).isEqualTo(1);
        ProtoReader query = get.messages(8).get(1).message(1).message(2).message(3);
        assertThat(query.string(6)).isEqualTo("integer");
        assertThat(query.number(20)).isEqualTo(1);
        ProtoReader t = doc.message(9).named(1, "T");
        assertThat(t.message(21).has(2)).isTrue();
        assertThat(t.message(21).number(2)).isZero();
        assertThat(Double.longBitsToDouble(t.message(25).named(1, "n").number(7))).isEqualTo(2.5);
    }

    @Test
    void refusesWhatIsNotSwagger2() {
        assertThatThrownBy(() -> OpenApiV2Protobuf.encode((ObjectNode) MAPPER.readTree("{\"openapi\":\"3.0.0\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a swagger 2.0 document");
    }

    private static String extension(ProtoReader owner, int field, String name) {
        return owner.named(field, name).string(2).strip();
    }
}
