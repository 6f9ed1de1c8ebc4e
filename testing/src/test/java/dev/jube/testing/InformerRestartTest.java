package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fabric8 SharedIndexInformer against Jube: initial list, watch events, periodic resync, and
 * carrying on across a restart of the API server on the same data folder and port.
 */
class InformerRestartTest {

    @TempDir
    Path dir;

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
    }

    /** What the handler saw: last value per name (null once deleted), and resync calls. */
    private static final class Seen implements ResourceEventHandler<ConfigMap> {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
        final AtomicInteger resyncs = new AtomicInteger();

        @Override
        public void onAdd(ConfigMap cm) {
            values.put(cm.getMetadata().getName(), cm.getData().get("v"));
            deleted.remove(cm.getMetadata().getName());
        }

        @Override
        public void onUpdate(ConfigMap old, ConfigMap cm) {
            if (old.getMetadata().getResourceVersion().equals(cm.getMetadata().getResourceVersion())) {
                resyncs.incrementAndGet();
            }
            values.put(cm.getMetadata().getName(), cm.getData().get("v"));
        }

        @Override
        public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
            values.remove(cm.getMetadata().getName());
            deleted.put(cm.getMetadata().getName(), true);
        }
    }

    @Test
    void listsWatchesResyncsAndSurvivesAServerRestart() throws Exception {
        int port;
        KubernetesClient client;
        Seen seen = new Seen();
        SharedIndexInformer<ConfigMap> informer;

        JubeCluster first = JubeCluster.start(dir);
        try {
            port = first.apiServer().port();
            // The informer's own client outlives the cluster: the restarted server reuses the port and the
            // certificates in the folder, so the same configuration keeps working.
            Config config = first.config();
            config.setWatchReconnectInterval(200);
            client = new KubernetesClientBuilder().withConfig(config).build();
            var cms = first.client().configMaps().inNamespace("default");
            cms.resource(configMap("before-start", "1")).create();

            informer = client.configMaps().inNamespace("default").inform(seen, 1_000);
            await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
            assertThat(seen.values).containsEntry("before-start", "1");
            assertThat(informer.getIndexer().getByKey("default/before-start")).isNotNull();

            cms.resource(configMap("watched", "1")).create();
            cms.withName("before-start").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen.values)
                    .containsEntry("watched", "1").containsEntry("before-start", "2"));

            int resyncsBefore = seen.resyncs.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.resyncs.get() >= resyncsBefore + 2);
        } finally {
            first.close();
        }

        try (client; JubeCluster second = JubeCluster.start(dir, c -> c.withPort(port))) {
            assertThat(second.apiServer().port()).isEqualTo(port);
            var cms = second.client().configMaps().inNamespace("default");
            cms.resource(configMap("after-restart", "1")).create();
            cms.withName("watched").edit(c -> new ConfigMapBuilder(c).addToData("v", "3").build());
            cms.withName("before-start").delete();

            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                assertThat(seen.values).containsEntry("after-restart", "1").containsEntry("watched", "3");
                assertThat(seen.deleted).containsKey("before-start");
            });
            assertThat(informer.getIndexer().list()).extracting(c -> c.getMetadata().getName())
                    .containsExactlyInAnyOrder("after-restart", "watched");
            assertThat(informer.isRunning()).isTrue();

            cms.resource(configMap("later", "1")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(seen.values.get("later")));
            informer.stop();
        }
    }
}
