package dev.jube.kubelet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.ObjectMeta;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodSpec;
import dev.jube.kubelet.model.PodStatus;
import dev.jube.testing.JubeCluster;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's client against a real API server, with the credentials of a kubeconfig. */
class ApiClientTest {

    static JubeCluster cluster;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        api = new ApiClient(ApiEndpoint.fromKubeconfig(Files.readString(cluster.kubeconfig())));
    }

    @AfterAll
    static void stop() {
        api.close();
        cluster.close();
    }

    private static Pod pod(String name, String node) {
        return new Pod().withApiVersion("v1").withKind("Pod")
                .withMetadata(new ObjectMeta().withName(name).withNamespace("default"))
                .withSpec(new PodSpec().withNodeName(node).withAutomountServiceAccountToken(false)
                        .withContainers(List.of(new Container().withName("c").withImage("busybox"))));
    }

    @Test
    void readsWritesAndAnswersErrorsAsTheServerSaysThem() {
        Pod created = api.pods().create(pod("rw", "n1"));
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(api.pods().get("default", "rw").getSpec().getNodeName()).isEqualTo("n1");
        assertThat(api.pods().get("default", "absent")).isNull();

        assertThatThrownBy(() -> api.pods().create(pod("rw", "n1"))).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(409))
                .hasMessage("pods \"rw\" already exists");

        created.withStatus(new PodStatus().withPhase("Running").withPodIP("10.1.2.3"));
        api.pods().updateStatus(created);
        assertThat(api.pods().get("default", "rw").getStatus().getPodIP()).isEqualTo("10.1.2.3");

        Pod stale = created;
        stale.getStatus().withPodIP("10.9.9.9");
        assertThatThrownBy(() -> api.pods().updateStatus(stale))
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(409));

        assertThat(api.pods().delete("default", "rw", 0L)).isTrue();
        assertThat(api.pods().delete("default", "rw", 0L)).isFalse();
    }

    @Test
    void anInformerReportsTheSelectedObjectsAddedChangedAndDeleted() {
        api.pods().create(pod("before", "inf"));
        api.pods().create(pod("elsewhere", "other"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Informer<Pod> informer = api.pods().inform("spec.nodeName=inf", new Informer.Handler<>() {
            @Override
            public void onAdd(Pod p) {
                seen.add("add " + p.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod old, Pod p) {
                seen.add("update " + p.getMetadata().getName() + " " + p.getMetadata().getLabels());
            }

            @Override
            public void onDelete(Pod p) {
                seen.add("delete " + p.getMetadata().getName());
            }
        })) {
            within(Duration.ofSeconds(10), () -> assertThat(informer.hasSynced()).isTrue());
            api.pods().create(pod("after", "inf"));
            api.pods().patch("default", "before", "{\"metadata\":{\"labels\":{\"v\":\"2\"}}}");
            api.pods().delete("default", "after", 0L);
            within(Duration.ofSeconds(10), () -> assertThat(seen).containsExactly(
                    "add before", "add after", "update before {v=2}", "delete after"));
        }
    }

    /** Runs the assertion until it holds or the time is up (then its last failure is the test's). */
    private static void within(Duration limit, Runnable assertion) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
