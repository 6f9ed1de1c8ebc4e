package dev.jube.apiserver.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SchemaValidatorTest {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type":"object","properties":{"spec":{"type":"object","required":["name"],
              "minProperties":1,"maxProperties":8,"properties":{
              "name":{"type":"string","minLength":2,"format":"hostname"},
              "count":{"type":"integer","minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":true},
              "ratio":{"type":"number","multipleOf":0.5},
              "items":{"type":"array","minItems":1,"maxItems":2,"uniqueItems":true,"items":{"type":"string"}},
              "when":{"type":"string","format":"date-time"},
              "maybe":{"type":"integer","nullable":true},
              "never":{"type":"integer"},
              "labels":{"type":"object","additionalProperties":{"type":"string"}},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port"],
                "items":{"type":"object","properties":{"port":{"type":"integer"}}}},
              "child":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}
            }}}}""".getBytes());

    private static List<String> errors(String spec) {
        ObjectNode obj = Json.object();
        obj.set("spec", Json.parse(spec.getBytes()));
        return SchemaValidator.validate(obj, SCHEMA, "").stream().map(FieldError::message).toList();
    }

    @Test
    void aValidObjectHasNoErrors() {
        assertThat(errors("{\"name\":\"web.example\",\"count\":5,\"ratio\":1.5,\"items\":[\"a\"],"
                + "\"when\":\"2024-01-01T00:00:00Z\",\"maybe\":null,\"labels\":{\"a\":\"b\"}}")).isEmpty();
    }

    @Test
    void boundsLengthsAndFormatsAreReportedAsUpstream() {
        assertThat(errors("{\"name\":\"x\",\"count\":0}")).containsExactlyInAnyOrder(
                "spec.name: Invalid value: \"x\": spec.name in body should be at least 2 chars long",
                "spec.count: Invalid value: 0: spec.count in body should be greater than 0");
        assertThat(errors("{\"name\":\"ok\",\"count\":10,\"ratio\":0.3}")).containsExactlyInAnyOrder(
                "spec.count: Invalid value: 10: spec.count in body should be less than 10",
                "spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.5");
        assertThat(errors("{\"name\":\"ok\",\"when\":\"yesterday\"}")).containsExactly(
                "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"");
        assertThat(errors("{\"name\":\"under_score\"}")).containsExactly(
                "spec.name: Invalid value: \"under_score\": spec.name in body must be of type hostname: \"under_score\"");
    }

    @Test
    void arraysObjectsAndNullsAreChecked() {
        assertThat(errors("{\"name\":\"ok\",\"items\":[]}")).containsExactly(
                "spec.items: Invalid value: 0: spec.items in body should have at least 1 items");
        assertThat(errors("{\"name\":\"ok\",\"items\":[\"a\",\"b\",\"a\"]}")).containsExactlyInAnyOrder(
                "spec.items: Too many: 3: must have at most 2 items", "spec.items[2]: Duplicate value: \"a\"");
        assertThat(errors("{\"never\":null}")).containsExactlyInAnyOrder("spec.name: Required value",
                "spec.never: Invalid value: \"null\": spec.never in body must be of type integer: \"null\"");
        assertThat(errors("{\"name\":\"ok\",\"labels\":{\"a\":1}}")).containsExactly(
                "spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"");
        assertThat(errors("{\"name\":\"ok\",\"ports\":[{\"port\":1},{\"port\":1}]}")).containsExactly(
                "spec.ports[1]: Duplicate value: \"{\\\"port\\\":1}\"");
        assertThat(errors("{\"name\":\"ok\",\"child\":{\"spec\":{}}}")).containsExactlyInAnyOrder(
                "spec.child.apiVersion: Required value: must not be empty",
                "spec.child.kind: Required value: must not be empty");
        assertThat(errors("{}")).containsExactlyInAnyOrder("spec.name: Required value",
                "spec: Invalid value: 0: spec in body should have at least 1 properties");
    }

    @Test
    void defaultsFillAbsentFieldsAndPruningDropsUnknownOnes() {
        JsonNode schema = Json.parse("""
                {"type":"object","properties":{"spec":{"type":"object","properties":{
                  "replicas":{"type":"integer","default":1},
                  "nested":{"type":"object","default":{},"properties":{"mode":{"type":"string","default":"fast"}}},
                  "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}""".getBytes());
        ObjectNode obj = (ObjectNode) Json.parse(("{\"apiVersion\":\"x/v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"n\"},"
                + "\"spec\":{\"bogus\":1,\"free\":{\"any\":{\"thing\":1}}},\"other\":true}").getBytes());
        SchemaDefaultsAndPruning.apply(obj, schema);
        assertThat(obj.toString()).isEqualTo("{\"apiVersion\":\"x/v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"n\"},"
                + "\"spec\":{\"free\":{\"any\":{\"thing\":1}},\"replicas\":1,\"nested\":{\"mode\":\"fast\"}}}");
    }

    @Test
    void versionsSortAsUpstreamPrioritisesThem() {
        List<String> versions = new java.util.ArrayList<>(List.of("foo1", "v1alpha1", "v1", "v2beta1", "v1beta2",
                "v1beta1", "v2", "foo10"));
        versions.sort(KubeVersions::compare);
        assertThat(versions).containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo1", "foo10");
    }

    @Test
    void nonStructuralSchemasAreRejected() {
        JsonNode schema = Json.parse("""
                {"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}},
                  "list":{"type":"array"},
                  "both":{"type":"object","properties":{"x":{"type":"string"}},"additionalProperties":{"type":"string"}},
                  "keep":{"type":"object","x-kubernetes-preserve-unknown-fields":false},
                  "bad":{"type":"integer","default":"one"},
                  "keyed":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object"}}}}""".getBytes());
        assertThat(StructuralSchemaCheck.check(schema, "s").stream().map(FieldError::message)).containsExactlyInAnyOrder(
                "s.properties[spec].type: Required value: must not be empty for specified object fields",
                "s.properties[list].items: Required value: must be specified",
                "s.properties[both].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
                "s.properties[keep].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined",
                "s.properties[bad].default: Invalid value: \"string\": s.properties[bad].default in body must be of type integer: \"string\"",
                "s.properties[keyed].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map");
    }
}
