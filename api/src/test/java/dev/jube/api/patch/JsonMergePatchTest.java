package dev.jube.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JsonMergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The examples of RFC 7386, appendix A. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'a':'b'}|{'a':'c'}|{'a':'c'}",
            "{'a':'b'}|{'b':'c'}|{'a':'b','b':'c'}",
            "{'a':'b'}|{'a':null}|{}",
            "{'a':'b','b':'c'}|{'a':null}|{'b':'c'}",
            "{'a':['b']}|{'a':'c'}|{'a':'c'}",
            "{'a':'c'}|{'a':['b']}|{'a':['b']}",
            "{'a':{'b':'c'}}|{'a':{'b':'d','c':null}}|{'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}|{'a':[1]}|{'a':[1]}",
            "['a','b']|['c','d']|['c','d']",
            "{'a':'b'}|['c']|['c']",
            "{'a':'foo'}|null|null",
            "{'a':'foo'}|'bar'|'bar'",
            "{'e':null}|{'a':1}|{'e':null,'a':1}",
            "[1,2]|{'a':'b','c':null}|{'a':'b'}",
            "{}|{'a':{'bb':{'ccc':null}}}|{'a':{'bb':{}}}",
            "{'a':[1,null]}|{'a':[null,2]}|{'a':[null,2]}"
    })
    void rfcExamples(String target, String patch, String expected) {
        JsonNode t = json(target);
        JsonNode p = json(patch);
        String tBefore = t.toString();
        String pBefore = p.toString();
        assertThat(JsonMergePatch.apply(t, p)).isEqualTo(json(expected));
        assertThat(t.toString()).isEqualTo(tBefore);
        assertThat(p.toString()).isEqualTo(pBefore);
    }

    @Test
    void resultSharesNothingWithInputs() {
        JsonNode target = json("{'a':{'x':1},'keep':{'y':2}}");
        JsonNode patch = json("{'b':{'z':3}}");
        ObjectNode result = (ObjectNode) JsonMergePatch.apply(target, patch);
        ((ObjectNode) result.get("b")).put("z", 4);
        ((ObjectNode) result.get("keep")).put("y", 5);
        assertThat(patch).isEqualTo(json("{'b':{'z':3}}"));
        assertThat(target).isEqualTo(json("{'a':{'x':1},'keep':{'y':2}}"));
    }

    @Test
    void nullTargetIsAbsent() {
        assertThat(JsonMergePatch.apply(null, json("{'a':1}"))).isEqualTo(json("{'a':1}"));
        assertThat(JsonMergePatch.apply(json("{'a':1}"), null)).isEqualTo(json("{'a':1}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'a':1}|{'a':1}|{}",
            "{'a':1}|{'a':2}|{'a':2}",
            "{'a':1,'b':2}|{'a':1}|{'b':null}",
            "{'a':1}|{'a':1,'b':{'c':[1]}}|{'b':{'c':[1]}}",
            "{'m':{'x':1,'y':2}}|{'m':{'x':1,'y':3,'z':4}}|{'m':{'y':3,'z':4}}",
            "{'m':{'x':1}}|{'m':{}}|{'m':{'x':null}}",
            "{'l':[1,2,3]}|{'l':[1,3]}|{'l':[1,3]}",
            "{'m':{'x':1}}|{'m':'s'}|{'m':'s'}",
            "{'m':'s'}|{'m':{'x':1}}|{'m':{'x':1}}",
            "[1]|[2]|[2]",
            "{'a':1}|[2]|[2]"
    })
    void diffProducesAMinimalPatchThatApplies(String original, String modified, String expected) {
        JsonNode o = json(original);
        JsonNode m = json(modified);
        JsonNode patch = JsonMergePatch.diff(o, m);
        assertThat(patch).isEqualTo(json(expected));
        assertThat(JsonMergePatch.apply(o, patch)).isEqualTo(m);
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s.replace('\'', '"'));
    }
}
