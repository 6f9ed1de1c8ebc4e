package dev.jube.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.api.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonViewTest {

    private static Pod pod() {
        return new Pod(Json.parseObject("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"app","image":"busybox","futureField":{"x":1},
                   "resources":{"limits":{"memory":"16Mi","cpu":"250m"}},
                   "livenessProbe":{"httpGet":{"port":"http","path":"/"}}}]},
                 "status":{"phase":"Pending"}}"""));
    }

    @Test
    void absentFieldsReadAsTheApiDefinesThem() {
        Pod p = pod();
        assertThat(p.getSpec().getInitContainers()).isEmpty();
        assertThat(p.getMetadata().getAnnotations()).isEmpty();
        assertThat(p.getSpec().getSecurityContext()).isNull();
        assertThat(p.getSpec().getHostNetwork()).isNull();
        assertThat(p.getMetadata().getLabels()).containsExactly(Map.entry("app", "web"));
    }

    @Test
    void typedFieldsReadFromTheTree() {
        Container c = pod().getSpec().getContainers().getFirst();
        assertThat(c.getResources().getLimits().get("memory")).isEqualTo(Quantity.parse("16Mi"));
        assertThat(c.getResources().getLimits().get("cpu").milliValue()).isEqualTo(250);
        IntOrString port = c.getLivenessProbe().getHttpGet().getPort();
        assertThat(port.getStrVal()).isEqualTo("http");
        assertThat(port.getIntVal()).isNull();
    }

    @Test
    void fieldsWithoutGettersSurviveWritesAroundThem() {
        Pod p = pod();
        p.getSpec().getContainers().getFirst().withImage("nginx");
        p.withStatus(new PodStatus().withPhase("Running").withConditions(List.of(
                new PodCondition().withType("Ready").withStatus("True"))));
        String written = Json.write(p.json());
        assertThat(written).contains("\"futureField\":{\"x\":1}").contains("\"image\":\"nginx\"")
                .contains("\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}");
    }

    @Test
    void listsAreLiveAndNullRemovesAField() {
        Pod p = pod();
        p.getSpec().getContainers().add(new Container().withName("sidecar"));
        assertThat(p.getSpec().getContainers()).extracting(Container::getName).containsExactly("app", "sidecar");
        p.getMetadata().withLabels(null);
        assertThat(p.getMetadata().json()).doesNotContainKey("labels");
    }
}
