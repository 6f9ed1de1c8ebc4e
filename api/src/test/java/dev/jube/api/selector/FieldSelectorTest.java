package dev.jube.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.api.selector.FieldSelector.Operator;
import dev.jube.api.selector.FieldSelector.Requirement;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

    @ParameterizedTest(name = "[{0}] prints [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "metadata.name=foo|metadata.name=foo",
            "metadata.name==foo|metadata.name=foo",
            "status.phase!=Running|status.phase!=Running",
            "b=2,a=1|a=1,b=2",
            "a=1,,b=2|a=1,b=2",
            ",a=1,|a=1",
            "x=|x=",
            "x=a\\,b|x=a\\,b",
            "x=a\\=b\\\\c|x=a\\=b\\\\c",
            "=x|=x",
            " spec.nodeName = n1 | spec.nodeName = n1"
    })
    void parseAndPrint(String in, String out) {
        FieldSelector s = FieldSelector.parse(in);
        assertThat(s.toString()).isEqualTo(out);
        assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void everything() {
        assertThat(FieldSelector.parse("").isEverything()).isTrue();
        assertThat(FieldSelector.parse(null).isEverything()).isTrue();
        assertThat(FieldSelector.parse(",").isEverything()).isTrue();
        assertThat(FieldSelector.everything().matches(f -> null)).isTrue();
        assertThat(FieldSelector.everything().toString()).isEmpty();
    }

    @Test
    void requirementsAreUnescaped() {
        FieldSelector s = FieldSelector.parse("x=a\\,b\\=c\\\\d,y!=z");
        assertThat(s.requirements()).containsExactly(
                new Requirement("x", Operator.EQUALS, "a,b=c\\d"),
                new Requirement("y", Operator.NOT_EQUALS, "z"));
        assertThat(FieldSelector.escapeValue("a,b=c\\d")).isEqualTo("a\\,b\\=c\\\\d");
        assertThat(FieldSelector.unescapeValue("plain")).isEqualTo("plain");
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> FieldSelector.parse("foo"))
                .isInstanceOf(SelectorException.class)
                .hasMessage("invalid selector: 'foo'; can't understand 'foo'");
        assertThatThrownBy(() -> FieldSelector.parse("a=1,foo"))
                .hasMessage("invalid selector: 'a=1,foo'; can't understand 'foo'");
        assertThatThrownBy(() -> FieldSelector.parse("x=a\\b"))
                .hasMessage("invalid field selector: invalid escape sequence: \\b");
        assertThatThrownBy(() -> FieldSelector.parse("x=a\\"))
                .hasMessage("invalid field selector: invalid escape sequence: \\");
        assertThatThrownBy(() -> FieldSelector.parse("x=a=b"))
                .hasMessage("invalid field selector: unescaped character in value: 61");
        assertThatThrownBy(() -> FieldSelector.parse("x!==y"))
                .hasMessage("invalid field selector: unescaped character in value: 61");
    }

    @Test
    void matching() {
        Map<String, String> pod = Map.of("metadata.name", "web-1", "status.phase", "Running", "spec.nodeName", "");
        assertThat(FieldSelector.parse("metadata.name=web-1").matches(pod::get)).isTrue();
        assertThat(FieldSelector.parse("metadata.name=web-2").matches(pod::get)).isFalse();
        assertThat(FieldSelector.parse("status.phase!=Succeeded,status.phase!=Failed").matches(pod::get)).isTrue();
        assertThat(FieldSelector.parse("status.phase!=Running").matches(pod::get)).isFalse();
        assertThat(FieldSelector.parse("spec.nodeName=").matches(pod::get)).isTrue();
        assertThat(FieldSelector.parse("metadata.namespace=").matches(pod::get)).isTrue();
        assertThat(FieldSelector.parse("metadata.namespace!=").matches(pod::get)).isFalse();
        assertThat(FieldSelector.parse("metadata.name=web-1,status.phase=Pending").matches(pod::get)).isFalse();
    }

    @Test
    void supportedFieldsAndExactMatch() {
        FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
        s.requireSupported(Set.of("spec.nodeName", "status.phase", "metadata.name"));
        assertThatThrownBy(() -> s.requireSupported(Set.of("metadata.name", "spec.nodeName")))
                .isInstanceOf(SelectorException.class)
                .hasMessage("field label not supported: status.phase");
        assertThat(s.exactMatch("spec.nodeName")).contains("n1");
        assertThat(s.exactMatch("status.phase")).isEmpty();
        assertThat(FieldSelector.oneTermEquals("metadata.name", "a,b").toString()).isEqualTo("metadata.name=a\\,b");
        FieldSelector renamed = s.transform(r -> r.field().equals("spec.nodeName")
                ? new Requirement("spec.host", r.operator(), r.value()) : r);
        assertThat(renamed.toString()).isEqualTo("spec.host=n1,status.phase!=Failed");
    }
}
