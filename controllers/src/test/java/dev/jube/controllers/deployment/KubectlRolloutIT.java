package dev.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Kubectl;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (from PATH) rolling a Deployment out and back, as a user would. */
class KubectlRolloutIT {

    @TempDir
    static Path dir;
    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        // Objects read while a controller is still working may lack status: keep polling.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(ReplicaSetController::new, DeploymentController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static String ok(String... args) throws Exception {
        return new Kubectl(cluster, dir).ok(args);
    }

    private static List<String> images(String ns) {
        return Workloads.activePods(client, ns).stream()
                .map((Pod p) -> p.getSpec().getContainers().getFirst().getImage()).toList();
    }

    @Test
    void setImageRolloutStatusHistoryAndUndo() throws Exception {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "web");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(Workloads.template(labels, "nginx:1.7.9")).endSpec().build()).create();
        assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"))
                .contains("deployment \"web\" successfully rolled out");

        // kubectl set image sends a strategic merge patch, which the API server does not serve yet.
        assertThat(ok("patch", "deployment/web", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nginx:1.9.1\"}]"))
                .contains("deployment.apps/web patched");
        assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"))
                .contains("deployment \"web\" successfully rolled out");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(3).containsOnly("nginx:1.9.1"));

        String history = ok("rollout", "history", "deployment/web", "-n", ns);
        assertThat(history).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");

        assertThat(ok("rollout", "undo", "deployment/web", "-n", ns)).contains("deployment.apps/web rolled back");
        assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"))
                .contains("deployment \"web\" successfully rolled out");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(3).containsOnly("nginx:1.7.9"));
        String after = ok("rollout", "history", "deployment/web", "-n", ns);
        // Revision 1 became revision 3.
        assertThat(after).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
        assertThat(ok("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.annotations}"))
                .contains("\"deployment.kubernetes.io/revision\":\"3\"");
        assertThat(ok("get", "rs", "-n", ns)).containsPattern("web-\\w+\\s+3\\s+3\\s+3");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ok("describe", "deployment", "web", "-n", ns))
                .contains("Events:").contains("ScalingReplicaSet").containsPattern("Scaled up replica set web-\\w+ from 0 to 1")
                .containsPattern("NewReplicaSet:\\s+web-\\w+ \\(3/3 replicas created\\)"));
    }
}
