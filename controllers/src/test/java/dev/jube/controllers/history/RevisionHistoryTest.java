package dev.jube.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final KubernetesClient CLIENT = new KubernetesClientBuilder().build();
    static final RevisionHistory HISTORY = new RevisionHistory(CLIENT, null, "apps/v1", "StatefulSet");

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    static PodTemplateSpec web(String image) {
        return Workloads.template(Map.of("app", "web"), image);
    }

    @Test
    void dataIsAStrategicMergePatchReplacingTheTemplate() {
        Map<String, Object> data = HISTORY.dataFor(web("nginx:1.7.9"));
        assertThat(SERIALIZATION.asJson(data)).startsWith("{\"spec\":{\"template\":{")
                .contains("\"$patch\":\"replace\"").contains("nginx:1.7.9");
    }

    @Test
    void theTemplateComesBackFromStoredDataAsTheServerReturnsIt() {
        Map<String, Object> data = HISTORY.dataFor(web("nginx:1.7.9"));
        // Read back from the API, data is a raw extension rather than a map.
        ControllerRevision stored = SERIALIZATION.unmarshal(SERIALIZATION.asJson(new ControllerRevisionBuilder()
                .withNewMetadata().withName("web-1").endMetadata().withData(data).withRevision(1L).build()),
                ControllerRevision.class);
        assertThat(HISTORY.templateOf(stored)).isEqualTo(web("nginx:1.7.9"));
        assertThat(RevisionHistory.hash(stored.getData(), 0)).isEqualTo(RevisionHistory.hash(data, 0));
    }

    @Test
    void hashDependsOnTheTemplateAndTheCollisionCount() {
        Map<String, Object> a = HISTORY.dataFor(web("nginx:1.7.9"));
        assertThat(RevisionHistory.hash(a, 0)).isEqualTo(RevisionHistory.hash(HISTORY.dataFor(web("nginx:1.7.9")), 0))
                .isNotEqualTo(RevisionHistory.hash(HISTORY.dataFor(web("nginx:1.9.1")), 0))
                .isNotEqualTo(RevisionHistory.hash(a, 1))
                .matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }
}
