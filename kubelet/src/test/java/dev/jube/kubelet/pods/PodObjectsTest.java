package dev.jube.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.TestApi;
import dev.jube.kubelet.api.ApiClient;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodObjectsTest {

    static JubeCluster cluster;
    static KubernetesClient client;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        api = TestApi.client(client);
    }

    @AfterAll
    static void stop() {
        api.close();
        cluster.close();
    }

    private static void putConfigMap(String name, String value) {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", value).build()).serverSideApply();
    }

    @Test
    void aReadServesForItsTimeThenTheServerIsAskedAgain() throws Exception {
        PodObjects objects = PodObjects.of(api, Duration.ofSeconds(2));
        putConfigMap("shared", "one");
        assertThat(objects.configMap("default", "shared").getData()).containsEntry("k", "one");
        putConfigMap("shared", "two");
        assertThat(objects.configMap("default", "shared").getData()).containsEntry("k", "one");
        Thread.sleep(2_100);
        assertThat(objects.configMap("default", "shared").getData()).containsEntry("k", "two");
    }

    @Test
    void absenceIsKeptForTheSameTime() throws Exception {
        PodObjects objects = PodObjects.of(api, Duration.ofSeconds(2));
        assertThat(objects.configMap("default", "later")).isNull();
        putConfigMap("later", "here");
        assertThat(objects.configMap("default", "later")).isNull();
        Thread.sleep(2_100);
        assertThat(objects.configMap("default", "later").getData()).containsEntry("k", "here");
        assertThat(PodObjects.of(api, Duration.ZERO).secret("default", "none")).isNull();
    }
}
