package dev.jube.api.table;

import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class JsonPathTest {

    private static final JsonNode DOC = json("""
            {"metadata":{"name":"db","annotations":{"example.com/tier":"gold","a.b":"dotted"}},
             "spec":{"replicas":3,"ports":[{"name":"http","port":80},{"name":"https","port":443},
                                           {"name":"admin","port":9000}],
                     "nothing":null},
             "status":{"conditions":[{"type":"Ready","status":"True","ok":true},
                                     {"type":"Synced","status":"False","ok":false}]}}
            """);

    private static List<String> find(String path) {
        return JsonPath.parse(path).find(DOC).stream().map(n -> n.isString() ? n.stringValue() : n.toString())
                .toList();
    }

    @Test
    void dotFieldsAndMissingKeys() {
        assertThat(find(".spec.replicas")).containsExactly("3");
        assertThat(find("{.metadata.name}")).containsExactly("db");
        assertThat(find("$.metadata.name")).containsExactly("db");
        assertThat(find(".spec.missing.deeper")).isEmpty();
        assertThat(find(".spec.replicas.notAnObject")).isEmpty();
        assertThat(find(".spec.nothing")).containsExactly("null");
    }

    @Test
    void escapedAndQuotedFieldNames() {
        assertThat(find(".metadata.annotations.a\\.b")).containsExactly("dotted");
        assertThat(find(".metadata.annotations['a.b']")).containsExactly("dotted");
        assertThat(find(".metadata.annotations[\"example.com/tier\"]")).containsExactly("gold");
        assertThat(find(".metadata.annotations.example\\.com/tier")).containsExactly("gold");
        assertThat(find(".metadata['name','annotations']")).hasSize(2);
    }

    @Test
    void indexesSlicesAndWildcards() {
        assertThat(find(".spec.ports[0].name")).containsExactly("http");
        assertThat(find(".spec.ports[-1].port")).containsExactly("9000");
        assertThat(find(".spec.ports[5].port")).isEmpty();
        assertThat(find(".spec.ports[0,2].port")).containsExactly("80", "9000");
        assertThat(find(".spec.ports[1:].port")).containsExactly("443", "9000");
        assertThat(find(".spec.ports[:2].name")).containsExactly("http", "https");
        assertThat(find(".spec.ports[0:3:2].name")).containsExactly("http", "admin");
        assertThat(find(".spec.ports[*].port")).containsExactly("80", "443", "9000");
        assertThat(find(".spec.ports.*.name")).containsExactly("http", "https", "admin");
        assertThat(find(".metadata.name[0]")).isEmpty();
    }

    @Test
    void recursiveDescent() {
        assertThat(find("..port")).containsExactly("80", "443", "9000");
        assertThat(find(".status..type")).containsExactly("Ready", "Synced");
    }

    @Test
    void filters() {
        assertThat(find(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
        assertThat(find(".status.conditions[?(@.type=='Synced')].status")).containsExactly("False");
        assertThat(find(".status.conditions[?(@.type != 'Ready')].type")).containsExactly("Synced");
        assertThat(find(".spec.ports[?(@.port>100)].name")).containsExactly("https", "admin");
        assertThat(find(".spec.ports[?(@.port<=443)].name")).containsExactly("http", "https");
        assertThat(find(".spec.ports[?(@.port==80.0)].name")).containsExactly("http");
        assertThat(find(".status.conditions[?(@.ok==true)].type")).containsExactly("Ready");
        assertThat(find(".status.conditions[?(@.ok)].type")).containsExactly("Ready", "Synced");
        assertThat(find(".status.conditions[?(@.missing)].type")).isEmpty();
        assertThat(find(".status.conditions[?(@.type==3)].type")).isEmpty();
        assertThat(find(".metadata[?(@.name)]")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".spec.", ".spec[", ".spec[abc]", ".spec.ports[?(@.port>)]", ".spec['x",
            ".spec.ports[?@.a]", ".spec.ports[0", "spec)"})
    void malformedPathsAreRejectedWithTheirText(String path) {
        assertThatThrownBy(() -> JsonPath.parse(path))
                .isInstanceOf(TableException.class)
                .hasMessageStartingWith("invalid JSONPath \"" + path + "\": ");
    }
}
