package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom resources stay served across a restart: the server re-reads its CRDs before it listens. */
class CustomResourceRestartTest {

    @TempDir
    Path dir;

    private static final ResourceDefinitionContext GADGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.com").withVersion("v1").withKind("Gadget").withPlural("gadgets")
            .withNamespaced(false).build();

    @Test
    void customResourcesAreServedRightAfterARestart() throws Exception {
        try (JubeCluster first = JubeCluster.start(dir)) {
            var client = first.client();
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(
                    CustomResourceDefinitionTest.GADGETS, CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.apiextensions().v1()
                    .customResourceDefinitions().withName("gadgets.example.com").get().getStatus().getConditions()
                    .stream().anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));
            GenericKubernetesResource g = new GenericKubernetesResource();
            g.setApiVersion("example.com/v1");
            g.setKind("Gadget");
            g.setMetadata(new ObjectMetaBuilder().withName("kept").build());
            g.setAdditionalProperty("spec", Map.of("size", 2));
            client.genericKubernetesResources(GADGETS).resource(g).create();
        }
        try (JubeCluster second = JubeCluster.start(dir)) {
            GenericKubernetesResource kept = second.client().genericKubernetesResources(GADGETS).withName("kept").get();
            assertThat(kept).isNotNull();
            assertThat(kept.<Object>get("spec", "size")).isEqualTo(2);
        }
    }
}
