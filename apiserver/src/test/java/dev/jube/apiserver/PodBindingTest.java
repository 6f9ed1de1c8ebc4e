package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodBindingTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Pod pod(String name) {
        return cluster.client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
    }

    private static HttpResponse<String> postBinding(String pod, String body) throws Exception {
        var http = cluster.client.getHttpClient();
        String url = cluster.server.url() + "/api/v1/namespaces/default/pods/" + pod + "/binding";
        HttpRequest req = http.newHttpRequestBuilder().uri(url).post("application/json", body).build();
        return http.sendAsync(req, String.class).get();
    }

    private static String binding(String pod, String node) {
        Binding b = new BindingBuilder().withNewMetadata().withName(pod).endMetadata()
                .withNewTarget().withKind("Node").withName(node).endTarget().build();
        return Serialization.asJson(b);
    }

    @Test
    void bindingSubresourceSetsNodeNameAndScheduledCondition() throws Exception {
        pod("bind-me");
        HttpResponse<String> resp = postBinding("bind-me", binding("bind-me", "node-a"));
        assertThat(resp.code()).isEqualTo(201);
        assertThat(resp.body()).contains("\"status\":\"Success\"");
        Pod p = cluster.client.pods().inNamespace("default").withName("bind-me").get();
        assertThat(p.getSpec().getNodeName()).isEqualTo("node-a");
        PodCondition c = p.getStatus().getConditions().stream().filter(x -> x.getType().equals("PodScheduled"))
                .findFirst().orElseThrow();
        assertThat(c.getStatus()).isEqualTo("True");
    }

    @Test
    void bindingAnAssignedPodIsAConflict() throws Exception {
        pod("bound-once");
        assertThat(postBinding("bound-once", binding("bound-once", "node-a")).code()).isEqualTo(201);
        HttpResponse<String> again = postBinding("bound-once", binding("bound-once", "node-b"));
        assertThat(again.code()).isEqualTo(409);
        assertThat(again.body()).contains("Operation cannot be fulfilled on pods/binding \\\"bound-once\\\": "
                + "pod bound-once is already assigned to node \\\"node-a\\\"");
        assertThat(cluster.client.pods().inNamespace("default").withName("bound-once").get().getSpec().getNodeName())
                .isEqualTo("node-a");
    }

    @Test
    void bindingsCollectionBindsByBodyName() {
        pod("by-collection");
        cluster.client.bindings().inNamespace("default").resource(new BindingBuilder()
                .withNewMetadata().withName("by-collection").endMetadata()
                .withNewTarget().withKind("Node").withName("node-c").endTarget().build()).create();
        assertThat(cluster.client.pods().inNamespace("default").withName("by-collection").get().getSpec().getNodeName())
                .isEqualTo("node-c");
    }

    @Test
    void badBindingsAreRejected() throws Exception {
        pod("bad-binding");
        HttpResponse<String> noTarget = postBinding("bad-binding",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bad-binding\"},\"target\":{}}");
        assertThat(noTarget.code()).isEqualTo(422);
        assertThat(noTarget.body()).contains("target.name: Required value");
        HttpResponse<String> wrongName = postBinding("bad-binding", binding("other", "node-a"));
        assertThat(wrongName.code()).isEqualTo(400);
        HttpResponse<String> missing = postBinding("no-such-pod", binding("no-such-pod", "node-a"));
        assertThat(missing.code()).isEqualTo(404);
        HttpResponse<String> uidMismatch = postBinding("bad-binding",
                "{\"kind\":\"Binding\",\"metadata\":{\"name\":\"bad-binding\",\"uid\":\"nope\"},"
                        + "\"target\":{\"name\":\"node-a\"}}");
        assertThat(uidMismatch.code()).isEqualTo(409);
        assertThat(cluster.client.pods().inNamespace("default").withName("bad-binding").get().getSpec().getNodeName())
                .isNull();
    }

    @Test
    void getOnBindingIsNotAllowed() {
        pod("get-binding");
        assertThatThrownBy(() -> cluster.client.bindings().inNamespace("default").withName("get-binding").get())
                .isInstanceOf(KubernetesClientException.class);
    }
}
