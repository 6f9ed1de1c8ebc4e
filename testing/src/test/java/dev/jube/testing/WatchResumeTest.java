package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Watches through fabric8 that start from a resourceVersion, or from now. */
class WatchResumeTest {

    private static JubeCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static class Recorder implements Watcher<ConfigMap> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> versions = new CopyOnWriteArrayList<>();

        @Override
        public void eventReceived(Action action, ConfigMap cm) {
            events.add(action + " " + cm.getMetadata().getName() + (cm.getData() == null ? "" : " " + cm.getData()));
            versions.add(Long.parseLong(cm.getMetadata().getResourceVersion()));
        }

        @Override
        public void onClose(WatcherException cause) {
            events.add("CLOSED " + (cause == null ? "" : cause.getMessage()));
        }
    }

    private static boolean seen(Recorder recorder, String prefix) {
        return recorder.events.stream().anyMatch(e -> e.startsWith(prefix));
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
    }

    @Test
    void aWatchFromAResourceVersionGetsEveryLaterEventInOrderAndNoEarlierOne() {
        namespace("resume");
        var cms = client.configMaps().inNamespace("resume");
        cms.resource(configMap("a", "1")).create();
        String from = cms.resource(configMap("b", "1")).create().getMetadata().getResourceVersion();
        cms.resource(configMap("c", "1")).create();
        cms.withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
        cms.withName("b").delete();

        Recorder recorder = new Recorder();
        try (Watch ignored = cms.watch(new ListOptionsBuilder().withResourceVersion(from).build(), recorder)) {
            cms.resource(configMap("d", "1")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen(recorder, "ADDED d"));
            assertThat(recorder.events).containsExactly("ADDED c {v=1}", "MODIFIED a {v=2}", "DELETED b {v=1}",
                    "ADDED d {v=1}");
            assertThat(recorder.versions).isSorted().allSatisfy(v -> assertThat(v).isGreaterThan(Long.parseLong(from)));
        }
    }

    @Test
    void aWatchFromTheLatestVersionGetsOnlyNewEvents() {
        namespace("latest");
        var cms = client.configMaps().inNamespace("latest");
        cms.resource(configMap("old", "1")).create();
        String now = cms.list().getMetadata().getResourceVersion();

        Recorder recorder = new Recorder();
        try (Watch ignored = cms.watch(new ListOptionsBuilder().withResourceVersion(now).build(), recorder)) {
            cms.resource(configMap("new", "1")).create();
            cms.withName("old").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.events.size() >= 2);
            assertThat(recorder.events).containsExactly("ADDED new {v=1}", "MODIFIED old {v=2}");
        }
    }

    @Test
    void aWatchWithoutAResourceVersionStartsWithTheCurrentObjects() {
        namespace("current");
        var cms = client.configMaps().inNamespace("current");
        cms.resource(configMap("x", "1")).create();
        cms.resource(configMap("y", "1")).create();
        cms.withName("x").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());

        Recorder recorder = new Recorder();
        try (Watch ignored = cms.watch(recorder)) {
            cms.resource(configMap("z", "1")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen(recorder, "ADDED z"));
            // The current state as synthetic ADDED events (any order), then the live ones.
            assertThat(recorder.events.subList(0, 2)).containsExactlyInAnyOrder("ADDED x {v=2}", "ADDED y {v=1}");
            assertThat(recorder.events.subList(2, recorder.events.size())).containsExactly("ADDED z {v=1}");
        }
    }

    @Test
    void aWatchWithALabelSelectorSeesAnObjectLeaveTheSelectionAsDeleted() {
        namespace("selected");
        var cms = client.configMaps().inNamespace("selected");
        cms.resource(new ConfigMapBuilder(configMap("m", "1")).editMetadata().addToLabels("pick", "yes").endMetadata()
                .build()).create();
        String from = cms.list().getMetadata().getResourceVersion();

        Recorder recorder = new Recorder();
        try (Watch ignored = cms.withLabel("pick", "yes")
                .watch(new ListOptionsBuilder().withResourceVersion(from).build(), recorder)) {
            cms.resource(configMap("unlabelled", "1")).create();
            cms.withName("m").edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("pick", "no").endMetadata()
                    .build());
            await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.events.isEmpty());
            assertThat(recorder.events).containsExactly("DELETED m {v=1}");
        }
    }

    @Test
    void aWatchFromBeforeTheWatchCacheWindowIsGoneAndSaysSo(@TempDir Path dir) throws Exception {
        try (JubeCluster small = JubeCluster.start(dir, c -> c.withWatchCacheWindow(5))) {
            var cms = small.client().configMaps().inNamespace("default");
            String first = cms.resource(configMap("c-0", "1")).create().getMetadata().getResourceVersion();
            for (int i = 1; i < 20; i++) {
                cms.resource(configMap("c-" + i, "1")).create();
            }

            // Upstream answers 200 and then one ERROR event carrying a 410 Expired Status, and ends the stream.
            try (RawApi api = new RawApi(small)) {
                RawApi.Reply reply = api.get("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + first);
                assertThat(reply.status()).isEqualTo(200);
                JsonNode event = reply.json();
                assertThat(event.path("type").asString()).isEqualTo("ERROR");
                assertThat(event.path("object").path("kind").asString()).isEqualTo("Status");
                assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
                assertThat(event.path("object").path("reason").asString()).isEqualTo("Expired");
                assertThat(event.path("object").path("message").asString()).contains("too old resource version");
            }

            // fabric8 reports it as "gone", which tells an informer to list again.
            List<WatcherException> closes = new CopyOnWriteArrayList<>();
            Recorder recorder = new Recorder() {
                @Override
                public void onClose(WatcherException cause) {
                    closes.add(cause);
                }
            };
            try (Watch ignored = cms.watch(new ListOptionsBuilder().withResourceVersion(first).build(), recorder)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !closes.isEmpty());
                assertThat(closes.getFirst().isHttpGone()).isTrue();
                assertThat(recorder.events).isEmpty();
            }
        }
    }
}
