package dev.jube.apiserver.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class CompactTreesTest {

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default",
             "labels":{"app":"web","tier":"front"},"annotations":{}},
             "spec":{"containers":[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}]}],
             "restartPolicy":"Always","nodeSelector":null},"status":{"phase":"Pending"}}""";

    @Test
    void parsesAndWritesExactlyAsJacksonsDefaultTrees() {
        JsonNode compact = Json.parse(POD.getBytes());
        JsonNode plain = JsonMapper.builder().build().readTree(POD);
        assertThat(compact).isEqualTo(plain);
        assertThat(plain).isEqualTo(compact);
        assertThat(Json.string(compact)).isEqualTo(JsonMapper.builder().build().writeValueAsString(plain));
        assertThat(compact.hashCode()).isEqualTo(plain.hashCode());
    }

    @Test
    void keepsInsertionOrderAcrossReplaceRemoveAndGrowthPastTheInlineLimit() {
        ObjectNode o = Json.object();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            o.put("k" + i, i);
            expected.put("k" + i, IntNode.valueOf(i));
            if (i % 3 == 0) {
                o.put("k" + (i / 2), -i);
                expected.put("k" + (i / 2), IntNode.valueOf(-i));
            }
            if (i % 5 == 4) {
                o.remove("k" + (i - 2));
                expected.remove("k" + (i - 2));
            }
            assertThat(names(o)).as("after %d", i).containsExactlyElementsOf(expected.keySet());
            for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
                assertThat(o.get(e.getKey())).isEqualTo(e.getValue());
            }
            assertThat(o.size()).isEqualTo(expected.size());
        }
        assertThat(o.get("absent")).isNull();
    }

    @Test
    void iteratorRemovesAndSetsInPlaceAndFailsFastOnOtherChanges() {
        ObjectNode o = (ObjectNode) Json.parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}".getBytes());
        o.properties().removeIf(e -> e.getValue().asInt() % 2 == 0);
        assertThat(names(o)).containsExactly("a", "c");
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            e.setValue(StringNode.valueOf(e.getKey().toUpperCase()));
        }
        assertThat(Json.string(o)).isEqualTo("{\"a\":\"A\",\"c\":\"C\"}");
        Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
        it.next();
        o.put("z", 0);
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        o.removeAll();
        assertThat(o.isEmpty()).isTrue();
        assertThat(Json.string(o)).isEqualTo("{}");
    }

    @Test
    void aDeepCopyIsIndependentOfItsSource() {
        ObjectNode pod = (ObjectNode) Json.parse(POD.getBytes());
        ObjectNode copy = pod.deepCopy();
        Json.child(copy, "metadata").put("name", "other");
        ((ObjectNode) copy.path("metadata").path("labels")).remove("tier");
        assertThat(pod.path("metadata").path("name").asString()).isEqualTo("web");
        assertThat(pod.path("metadata").path("labels").has("tier")).isTrue();
        assertThat(copy).isNotEqualTo(pod);
    }

    @Test
    void equalShortStringsParsedApartShareOneNodeAndLongOnesDoNot() {
        JsonNode a = Json.parse(POD.getBytes());
        JsonNode b = Json.parse(POD.getBytes());
        assertThat(a.path("spec").path("restartPolicy")).isSameAs(b.path("spec").path("restartPolicy"));
        String longValue = "x".repeat(100);
        JsonNode c = Json.parse(("{\"v\":\"" + longValue + "\"}").getBytes());
        JsonNode d = Json.parse(("{\"v\":\"" + longValue + "\"}").getBytes());
        assertThat(c.get("v")).isEqualTo(d.get("v")).isNotSameAs(d.get("v"));
    }

    @Test
    void yamlIsReadIntoTheSameTrees() {
        JsonNode fromYaml = Json.parseYaml("metadata:\n  name: web\n  labels: {app: web}\n".getBytes());
        assertThat(Json.string(fromYaml)).isEqualTo("{\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}}}");
    }

    private static List<String> names(ObjectNode o) {
        List<String> out = new ArrayList<>();
        o.propertyNames().forEach(out::add);
        return out;
    }
}
