package dev.jube.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.TestApi;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodEventsTest {

    static JubeCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static Pod pod(String name) {
        return client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withNodeName("n1").withAutomountServiceAccountToken(false)
                .addNewContainer().withName("c").withImage("x").endContainer().endSpec().build()).create();
    }

    private static dev.jube.kubelet.model.Pod view(Pod p) {
        return TestApi.view(p, dev.jube.kubelet.model.Pod::new);
    }

    private static List<Event> eventsOf(Pod p) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> p.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    @Test
    void aRepeatedEventRaisesTheCountOfOneEvent() {
        Pod p = pod("repeats");
        PodEvents events = new PodEvents(TestApi.client(client), "n1");
        for (int i = 0; i < 3; i++) {
            events.warning(view(p), "FailedMount", "MountVolume.SetUp failed for volume \"v\" : configmap \"c\" not found");
        }
        events.warning(view(p), "FailedMount", "another message");
        List<Event> recorded = eventsOf(p);
        assertThat(recorded).hasSize(2);
        Event repeated = recorded.stream().filter(e -> e.getMessage().startsWith("MountVolume")).findFirst().orElseThrow();
        assertThat(repeated.getCount()).isEqualTo(3);
        assertThat(repeated.getFirstTimestamp()).isNotNull();
        assertThat(repeated.getLastTimestamp()).isNotNull();
    }

    @Test
    void anEventThatIsGoneIsRecordedAnew() {
        Pod p = pod("expired");
        PodEvents events = new PodEvents(TestApi.client(client), "n1");
        events.normal(view(p), "Pulled", "already present");
        client.v1().events().inNamespace("default").withName(eventsOf(p).getFirst().getMetadata().getName()).delete();
        events.normal(view(p), "Pulled", "already present");
        assertThat(eventsOf(p)).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }
}
