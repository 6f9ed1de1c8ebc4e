package dev.jube.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class JsonPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void appliesAllOperations() {
        JsonNode target = json("{'spec':{'replicas':1,'list':[1,2]},'metadata':{'labels':{'a':'1'}}}");
        String before = target.toString();
        JsonNode out = JsonPatch.apply(target, json("""
                [{'op':'replace','path':'/spec/replicas','value':3},
                 {'op':'add','path':'/spec/list/-','value':3},
                 {'op':'remove','path':'/metadata/labels/a'},
                 {'op':'add','path':'/metadata/labels/b~1c','value':'x'},
                 {'op':'copy','from':'/spec/replicas','path':'/spec/copy'},
                 {'op':'move','from':'/spec/copy','path':'/spec/moved'},
                 {'op':'test','path':'/spec/moved','value':3}]"""));
        assertThat(out).isEqualTo(json("{'spec':{'replicas':3,'list':[1,2,3],'moved':3},'metadata':{'labels':{'b/c':'x'}}}"));
        assertThat(target.toString()).isEqualTo(before);
    }

    @Test
    void emptyPatchReturnsACopy() {
        JsonNode target = json("{'a':1}");
        JsonNode out = JsonPatch.apply(target, json("[]"));
        assertThat(out).isEqualTo(target).isNotSameAs(target);
    }

    @Test
    void failingOperationIsNamedByIndex() {
        JsonNode target = json("{'spec':{'replicas':1}}");
        assertThatThrownBy(() -> JsonPatch.apply(target, json("""
                [{'op':'replace','path':'/spec/replicas','value':2},
                 {'op':'test','path':'/spec/replicas','value':5}]""")))
                .isInstanceOf(PatchException.class)
                .hasMessageStartingWith("json patch operation 1 (test /spec/replicas): ");
        assertThatThrownBy(() -> JsonPatch.apply(target, json("[{'op':'remove','path':'/spec/missing'}]")))
                .hasMessageStartingWith("json patch operation 0 (remove /spec/missing): ");
        assertThatThrownBy(() -> JsonPatch.apply(target, json("[{'op':'replace','path':'/nope/x','value':1}]")))
                .hasMessageStartingWith("json patch operation 0 (replace /nope/x): ");
    }

    @Test
    void malformedDocuments() {
        JsonNode t = json("{}");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("{'op':'add'}")))
                .hasMessage("a json patch must be a JSON array of operations");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[1]"))).hasMessage("json patch operation 0: must be a JSON object");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'path':'/a'}]"))).hasMessage("json patch operation 0: missing \"op\"");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'op':'frob','path':'/a'}]")))
                .hasMessageContaining("unknown op \"frob\"");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'op':'add'}]")))
                .hasMessage("json patch operation 0 (add): missing \"path\"");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'op':'add','path':'/a'}]")))
                .hasMessage("json patch operation 0 (add /a): missing \"value\"");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'op':'move','path':'/a'}]")))
                .hasMessage("json patch operation 0 (move /a): missing \"from\"");
        assertThatThrownBy(() -> JsonPatch.apply(t, json("[{'op':'remove','path':'a'}]")))
                .hasMessage("json patch operation 0 (remove a): path must be empty or start with '/'");
        ArrayNode tooMany = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            tooMany.addObject().put("op", "test").put("path", "").putNull("value");
        }
        assertThatThrownBy(() -> JsonPatch.apply(t, tooMany))
                .hasMessage("The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s.replace('\'', '"'));
    }
}
