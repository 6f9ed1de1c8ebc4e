package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

class JubeClusterTest {

    @TempDir
    Path dir;

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", value).build();
    }

    @Test
    void servesTheApiToAFabric8ClientAndDeletesItsFolderOnClose() throws Exception {
        Path folder;
        try (JubeCluster cluster = JubeCluster.start()) {
            var client = cluster.client();
            assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("default", "kube-system", "kube-public", "kube-node-lease");
            client.configMaps().inNamespace("default").resource(configMap("a", "1")).create();
            assertThat(client.configMaps().inNamespace("default").withName("a").get().getData()).containsEntry("k", "1");
            folder = cluster.kubeconfig().getParent();
            assertThat(Files.isDirectory(folder)).isTrue();
        }
        assertThat(Files.exists(folder)).isFalse();
    }

    @Test
    void keepsItsDataInAGivenFolderAcrossRestarts() throws Exception {
        try (JubeCluster cluster = JubeCluster.start(dir)) {
            cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName("team-a").endMetadata().build()).create();
        }
        try (JubeCluster cluster = JubeCluster.start(dir)) {
            Namespace ns = cluster.client().namespaces().withName("team-a").get();
            assertThat(ns).isNotNull();
            assertThat(Files.readString(cluster.kubeconfig())).contains(cluster.url());
        }
    }

    @Test
    void watchesDeliverChangesToClients() throws Exception {
        try (JubeCluster cluster = JubeCluster.start()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            var watch = cluster.newClient().configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
                @Override
                public void eventReceived(Action action, ConfigMap cm) {
                    seen.add(action + " " + cm.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {}
            });
            try (watch) {
                var client = cluster.client();
                client.configMaps().inNamespace("default").resource(configMap("w", "1")).create();
                client.configMaps().inNamespace("default").withName("w").delete();
                await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("DELETED w"));
                assertThat(seen).containsSubsequence("ADDED w", "DELETED w");
            }
        }
    }
}
