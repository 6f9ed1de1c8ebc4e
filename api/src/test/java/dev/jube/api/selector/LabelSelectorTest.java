package dev.jube.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.api.selector.LabelSelector.Operator;
import dev.jube.api.selector.LabelSelector.Requirement;
import dev.jube.api.validation.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LabelSelectorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "[{0}] prints [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "x=a,y=b,z=c|x=a,y=b,z=c",
            "z=c,x=a|x=a,z=c",
            "x==a|x==a",
            "x!=a,y=b|x!=a,y=b",
            "x=,z= |x=,z=",
            "x= ,z= |x=,z=",
            "!x|!x",
            "x|x",
            "  x  |x",
            "x>1|x>1",
            "x>1,z<5|x>1,z<5",
            "x in (a,b)|x in (a,b)",
            "x  in  ( b , a , a )|x in (a,b)",
            "x notin (a)|x notin (a)",
            "x in ()|x in ()",
            "x in (,a)|x in (,a)",
            "x in (a,)|x in (,a)",
            "x in (a,,b)|x in (,a,b)",
            "example.com/app=web,tier in (fe)|example.com/app=web,tier in (fe)",
            "in=notin|in=notin",
            "a,!b,c in (d)|a,!b,c in (d)",
            "x=a ,\ty=b|x=a,y=b"
    })
    void parseAndPrint(String in, String out) {
        LabelSelector s = LabelSelector.parse(in);
        assertThat(s.toString()).isEqualTo(out);
        assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void emptyIsEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse("   ").isEverything()).isTrue();
        assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
        assertThat(LabelSelector.everything().toString()).isEmpty();
        assertThat(LabelSelector.nothing().toString()).isEmpty();
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().isNothing()).isTrue();
        assertThat(LabelSelector.nothing().isEverything()).isFalse();
    }

    @ParameterizedTest(name = "[{0}] fails with [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "x=a y=b|found 'y', expected: ',' or 'end of string'",
            "x==a==b|found '==', expected: ',' or 'end of string'",
            "!x=a|found '=', expected: ',' or 'end of string'",
            "x=a,|found '', expected: identifier after ','",
            "x=a,,y=b|found ',', expected: identifier after ','",
            ",x|found ',', expected: !, identifier, or 'end of string'",
            "=a|found '=', expected: !, identifier, or 'end of string'",
            "x y|unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt",
            "x in a|unable to parse requirement: found 'a' expected: '('",
            "x in (a b)|unable to parse requirement: found 'b', expected: ',' or ')'",
            "x in (=)|unable to parse requirement: found '=', expected: ',', ')' or identifier",
            "x in (a,=)|unable to parse requirement: found '=', expected: ',', or identifier",
            "x in (a|unable to parse requirement: found '', expected: ',' or ')'",
            "x=(|unable to parse requirement: found '(', expected: identifier",
            "!|unable to parse requirement: found '', expected: identifier",
            "!!x|unable to parse requirement: found '!', expected: identifier",
            "x<a|unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    })
    void syntaxErrors(String in, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(in))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void invalidKeysAndValuesUseUpstreamWording() {
        assertThatThrownBy(() -> LabelSelector.parse("-x=a"))
                .hasMessage("unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of "
                        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThatThrownBy(() -> LabelSelector.parse("x=-a"))
                .hasMessageStartingWith("unable to parse requirement: values[0][x]: Invalid value: \"-a\": "
                        + "a valid label must be an empty string");
        SelectorException e = (SelectorException) org.assertj.core.api.Assertions.catchThrowable(
                () -> LabelSelector.parse("x=" + "v".repeat(64)));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("values[0][x]");
        assertThat(e.getMessage()).contains("must be no more than 63 characters");
    }

    @Test
    void matching() {
        Map<String, String> labels = Map.of("app", "web", "tier", "fe", "n", "5");
        assertThat(LabelSelector.parse("app=web").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app==web,tier=fe").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app=db").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("app!=db").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("missing!=x").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app in (db,web)").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app notin (db,web)").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("missing notin (x)").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("missing in (x)").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("app").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("!missing").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("n>4").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("n>5").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("n<6").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app>1").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("missing<1").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("app=web,tier=be").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("x=").matches(Map.of("x", ""))).isTrue();
        assertThat(LabelSelector.parse("x=").matches(Map.of())).isFalse();
        assertThat(LabelSelector.parse("x in ()").matches(Map.of("x", ""))).isTrue();
        assertThat(LabelSelector.parse("app=web").matches(null)).isFalse();
    }

    @Test
    void requirementValidation() {
        assertThatThrownBy(() -> Requirement.of("x", Operator.IN, List.of()))
                .hasMessage("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
        assertThatThrownBy(() -> Requirement.of("x", Operator.EQUALS, List.of("a", "b")))
                .hasMessage("values: Invalid value: [\"a\",\"b\"]: exact-match compatibility requires one single value");
        assertThatThrownBy(() -> Requirement.of("x", Operator.EXISTS, List.of("a")))
                .hasMessage("values: Invalid value: [\"a\"]: values set must be empty for exists and does not exist");
        assertThatThrownBy(() -> Requirement.of("-x", Operator.GREATER_THAN, List.of("a", "b")))
                .hasMessageStartingWith("[key: Invalid value: \"-x\": name part must")
                .hasMessageContaining("for 'Gt', 'Lt' operators, exactly one value is required")
                .hasMessageContaining("values[1]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer");
        Requirement r = Requirement.of("x", Operator.NOT_IN, List.of("b", "a"));
        assertThat(r.toString()).isEqualTo("x notin (a,b)");
        assertThat(r.values()).containsExactly("b", "a");
    }

    @Test
    void fromMap() {
        LabelSelector s = LabelSelector.fromMap(Map.of("b", "2", "a", "1"));
        assertThat(s.toString()).isEqualTo("a=1,b=2");
        assertThat(s.equalityMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(LabelSelector.parse("a in (1)").equalityMap()).isNull();
        assertThatThrownBy(() -> LabelSelector.fromMap(Map.of("a b", "1"))).isInstanceOf(SelectorException.class);
        assertThat(LabelSelector.fromMap(Map.of()).isEverything()).isTrue();
    }

    @Test
    void fromJsonNullIsNothingEmptyIsEverything() {
        assertThat(LabelSelector.fromJson(null).isNothing()).isTrue();
        assertThat(LabelSelector.fromJson(json("null")).isNothing()).isTrue();
        assertThat(LabelSelector.fromJson(json("{}").get("absent")).isNothing()).isTrue();
        assertThat(LabelSelector.fromJson(json("{}")).isEverything()).isTrue();
        assertThat(LabelSelector.fromJson(json("{\"matchLabels\":{},\"matchExpressions\":[]}")).isEverything()).isTrue();
        assertThat(LabelSelector.fromJson(json("{}")).matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.fromJson(json("null")).matches(Map.of("a", "b"))).isFalse();
    }

    @Test
    void fromJsonCombinesLabelsAndExpressions() {
        LabelSelector s = LabelSelector.fromJson(json("""
                {"matchLabels":{"app":"web"},
                 "matchExpressions":[
                   {"key":"tier","operator":"In","values":["fe","be"]},
                   {"key":"env","operator":"NotIn","values":["prod"]},
                   {"key":"canary","operator":"DoesNotExist"},
                   {"key":"team","operator":"Exists","values":[]}]}
                """));
        assertThat(s.toString()).isEqualTo("app=web,!canary,env notin (prod),team,tier in (be,fe)");
        assertThat(s.matches(Map.of("app", "web", "tier", "fe", "team", "x"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "fe", "team", "x", "canary", "1"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "tier", "fe", "team", "x", "env", "prod"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "tier", "fe"))).isFalse();
    }

    @Test
    void fromJsonValidation() {
        JsonNode bad = json("""
                {"matchLabels":{"a b":"-x"},
                 "matchExpressions":[
                   {"key":"tier","operator":"In"},
                   {"key":"env","operator":"Exists","values":["x"]},
                   {"key":"k","operator":"Gt","values":["1"]},
                   {"key":"v","operator":"In","values":["-bad"]}]}
                """);
        List<String> messages = LabelSelector.validate(bad, "spec.selector").stream().map(FieldError::message).toList();
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0)).startsWith("spec.selector.matchLabels: Invalid value: \"a b\": name part must");
        assertThat(messages.get(1)).startsWith("spec.selector.matchLabels: Invalid value: \"-x\": a valid label must");
        assertThat(messages.get(2)).isEqualTo("spec.selector.matchExpressions[0].values: Required value: must be "
                + "specified when `operator` is 'In' or 'NotIn'");
        assertThat(messages.get(3)).isEqualTo("spec.selector.matchExpressions[1].values: Forbidden: may not be "
                + "specified when `operator` is 'Exists' or 'DoesNotExist'");
        assertThat(messages.get(4)).isEqualTo("spec.selector.matchExpressions[2].operator: Invalid value: \"Gt\": "
                + "not a valid selector operator");
        assertThat(messages.get(5)).startsWith("spec.selector.matchExpressions[3].values[0]: Invalid value: \"-bad\"");
        assertThatThrownBy(() -> LabelSelector.fromJson(bad, "spec.selector"))
                .isInstanceOf(SelectorException.class)
                .hasMessageStartingWith("[spec.selector.matchLabels: Invalid value");
        assertThat(LabelSelector.validate(json("{\"matchLabels\":\"x\"}"), "s"))
                .extracting(FieldError::message).containsExactly("s.matchLabels: Invalid value: \"\\\"x\\\"\": must be an object");
        assertThat(LabelSelector.validate(json("[]"), "s")).hasSize(1);
        assertThat(LabelSelector.validate(null, "s")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b", "a in (x,y)", "!a", "a,b", "a>3"})
    void equalsAndHashCode(String text) {
        assertThat(LabelSelector.parse(text)).isEqualTo(LabelSelector.parse(text))
                .hasSameHashCodeAs(LabelSelector.parse(text));
        assertThat(LabelSelector.parse(text)).isNotEqualTo(LabelSelector.nothing());
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }
}
