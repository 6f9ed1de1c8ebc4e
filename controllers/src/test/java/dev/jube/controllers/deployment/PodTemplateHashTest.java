package dev.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {

    static PodTemplateSpec web(String image) {
        return Workloads.template(Map.of("app", "web"), image);
    }

    @Test
    void equalTemplatesHashEqualAndAnyChangeMovesTheHash() {
        String a = PodTemplateHash.compute(web("nginx:1.7.9"), null);
        assertThat(PodTemplateHash.compute(web("nginx:1.7.9"), null)).isEqualTo(a);
        assertThat(PodTemplateHash.compute(web("nginx:1.9.1"), null)).isNotEqualTo(a);
    }

    @Test
    void theHashUsesOnlyTheSafeAlphabet() {
        String h = PodTemplateHash.compute(web("nginx:1.7.9"), null);
        assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        // upstream's SafeEncodeString maps digits: '0' (48) -> 48 % 27 = 21 -> '4'
        assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void theCollisionCountChangesTheHash() {
        PodTemplateSpec t = web("nginx:1.7.9");
        String none = PodTemplateHash.compute(t, null);
        String zero = PodTemplateHash.compute(t, 0);
        String one = PodTemplateHash.compute(t, 1);
        assertThat(zero).isNotEqualTo(none);
        assertThat(one).isNotEqualTo(zero).isNotEqualTo(none);
    }

    @Test
    void keyOrderAndEmptyFieldsDoNotMatter() {
        PodTemplateSpec a = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("a", "1").addToLabels("b", "2")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().build();
        PodTemplateSpec b = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("b", "2").addToLabels("a", "1")
                .withAnnotations(Map.of()).endMetadata().withNewSpec().addNewContainer().withImage("i").withName("c")
                .endContainer().endSpec().build();
        assertThat(PodTemplateHash.compute(a, null)).isEqualTo(PodTemplateHash.compute(b, null));
    }

    @Test
    void templatesCompareEqualIgnoringTheHashLabel() {
        PodTemplateSpec plain = web("nginx:1.7.9");
        PodTemplateSpec labelled = new PodTemplateSpecBuilder(web("nginx:1.7.9")).editMetadata()
                .addToLabels(PodTemplateHash.LABEL, "abc").endMetadata().build();
        assertThat(PodTemplateHash.equalIgnoringHash(plain, labelled)).isTrue();
        assertThat(PodTemplateHash.equalIgnoringHash(plain, web("nginx:1.9.1"))).isFalse();
        assertThat(labelled.getMetadata().getLabels()).containsKey(PodTemplateHash.LABEL);
    }
}
