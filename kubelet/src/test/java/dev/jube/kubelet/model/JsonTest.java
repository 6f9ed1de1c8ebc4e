package dev.jube.kubelet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void aDocumentSurvivesARoundTripInOrderWithItsTypes() {
        String doc = "{\"b\":1,\"a\":[true,null,2.5,\"x\"],\"c\":{\"big\":123456789012345678901234567890}}";
        Map<String, Object> tree = Json.parseObject(doc);
        assertThat(tree.keySet()).containsExactly("b", "a", "c");
        assertThat(tree.get("b")).isEqualTo(1L);
        assertThat((List<Object>) tree.get("a")).containsExactly(true, null, 2.5, "x");
        assertThat(Json.write(tree)).isEqualTo(doc);
    }

    @Test
    void treesOfViewsAndBoxedIntsCompareEqualToParsedOnes() {
        ContainerPort built = new ContainerPort().withContainerPort(80).withName("http");
        ContainerPort parsed = new ContainerPort(Json.parseObject("{\"containerPort\":80,\"name\":\"http\"}"));
        assertThat(built).isEqualTo(parsed);
        assertThat(Json.tree(List.of(built))).isEqualTo(List.of(parsed.json()));
    }

    @Test
    void somethingElseThanAnObjectIsNamed() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a JSON object, got an array");
        assertThatThrownBy(() -> Json.parseObject("{} {}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("more than one JSON value in the document");
    }

    @Test
    void yamlReadsIntoTheSameTrees() {
        Map<String, Object> pod = Json.parseYamlObject("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: busybox
                    ports:
                    - containerPort: 8080
                """);
        Pod p = new Pod(pod);
        assertThat(p.getMetadata().getName()).isEqualTo("web");
        assertThat(p.getSpec().getContainers().getFirst().getPorts().getFirst().getContainerPort()).isEqualTo(8080);
    }
}
