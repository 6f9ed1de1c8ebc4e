package dev.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ControllerManagerTest {

    static JubeCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Records the ConfigMaps it reconciles; fails a key's first attempts if asked. */
    static final class ConfigMapRecorder implements Controller {
        final String identity;
        final List<String> log;
        final Map<String, AtomicInteger> failuresLeft;
        SharedIndexInformer<ConfigMap> informer;

        ConfigMapRecorder(String identity, List<String> log, Map<String, AtomicInteger> failuresLeft) {
            this.identity = identity;
            this.log = log;
            this.failuresLeft = failuresLeft;
        }

        @Override
        public String name() {
            return "configmap-recorder";
        }

        @Override
        public void init(ControllerContext context, WorkQueue queue) {
            informer = context.informer(ConfigMap.class);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap cm) {
                    queue.add(Keys.of(cm));
                }

                @Override
                public void onUpdate(ConfigMap o, ConfigMap n) {
                    queue.add(Keys.of(n));
                }

                @Override
                public void onDelete(ConfigMap cm, boolean unknown) {}
            });
        }

        @Override
        public void reconcile(String key) {
            assertThat(informer.hasSynced()).as("workers start after the caches synced").isTrue();
            AtomicInteger left = failuresLeft.get(key);
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("failing on purpose");
            }
            log.add(identity + " " + key);
        }
    }

    static ControllerManager manager(String identity, List<String> log, Map<String, AtomicInteger> failures) {
        return ControllerManager.builder(cluster.newClient()).identity(identity).workers(2)
                .leaderElection(new ControllerManager.LeaderElection("kube-system", "kube-controller-manager",
                        Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300)))
                .controller(() -> new ConfigMapRecorder(identity, log, failures))
                .build();
    }

    static void configMap(String ns, String name) {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
    }

    @Test
    void onlyTheLeaseHolderRunsControllersAndAnotherTakesOverWhenItStops() {
        List<String> log = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> none = new ConcurrentHashMap<>();
        ControllerManager a = manager("manager-a", log, none).start();
        await().atMost(Duration.ofSeconds(20)).until(a::isActive);
        ControllerManager b = manager("manager-b", log, none).start();
        try {
            configMap("default", "first");
            await().atMost(Duration.ofSeconds(20)).until(() -> log.contains("manager-a default/first"));
            Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("manager-a");
            assertThat(b.isActive()).isFalse();
            assertThat(log).noneMatch(l -> l.startsWith("manager-b"));

            a.close();
            assertThat(a.isActive()).isFalse();
            await().atMost(Duration.ofSeconds(30)).until(b::isActive);
            configMap("default", "second");
            await().atMost(Duration.ofSeconds(20)).until(() -> log.contains("manager-b default/second"));
            assertThat(log).doesNotContain("manager-a default/second");
            assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                    .getSpec().getHolderIdentity()).isEqualTo("manager-b");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aFailedReconcileIsRetriedWithBackOff() {
        List<String> log = new CopyOnWriteArrayList<>();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("retry").endMetadata().build()).create();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>(Map.of("retry/flaky", new AtomicInteger(3)));
        try (ControllerManager m = ControllerManager.builder(cluster.newClient()).leaderElection(null)
                .controller(() -> new ConfigMapRecorder("solo", log, failures)).build().start()) {
            configMap("retry", "flaky");
            await().atMost(Duration.ofSeconds(20)).until(() -> log.contains("solo retry/flaky"));
            assertThat(failures.get("retry/flaky").get()).isEqualTo(-1);
        }
    }

    @Test
    void identicalEventsAreCountedOnOneEvent() throws Exception {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("evented").endMetadata().build()).create();
        try (EventRecorder recorder = new EventRecorder(cluster.newClient(), "test-controller", "host-1")) {
            recorder.normal(cm, "Synced", "all good");
            recorder.normal(cm, "Synced", "all good");
            recorder.normal(cm, "Synced", "all good");
            recorder.warning(cm, "Broken", "something else");
            recorder.flush();
        }
        List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "evented".equals(e.getInvolvedObject().getName())).toList();
        assertThat(events).hasSize(2);
        Event synced = events.stream().filter(e -> e.getReason().equals("Synced")).findFirst().orElseThrow();
        assertThat(synced.getCount()).isEqualTo(3);
        assertThat(synced.getType()).isEqualTo("Normal");
        assertThat(synced.getSource().getComponent()).isEqualTo("test-controller");
        assertThat(synced.getSource().getHost()).isEqualTo("host-1");
        assertThat(synced.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
        assertThat(synced.getInvolvedObject().getUid()).isEqualTo(cm.getMetadata().getUid());
        assertThat(synced.getMetadata().getName()).startsWith("evented.");
        assertThat(synced.getFirstTimestamp()).isNotNull();
        assertThat(synced.getLastTimestamp()).isNotNull();
        Event broken = events.stream().filter(e -> e.getReason().equals("Broken")).findFirst().orElseThrow();
        assertThat(broken.getType()).isEqualTo("Warning");
        assertThat(broken.getCount()).isEqualTo(1);
    }
}
