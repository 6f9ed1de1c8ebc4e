package dev.jube.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.ControllerManager;
import dev.jube.controllers.testing.FakeKubelet;
import dev.jube.controllers.testing.Workloads;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultControllersTest {

    @Test
    void theDefaultManagerTakesTheLeaseAndRunsAWorkloadToItsEnd() throws Exception {
        try (JubeCluster cluster = JubeCluster.start();
             ControllerManager manager = DefaultControllers.manager(cluster.newClient()).start();
             FakeKubelet kubelet = FakeKubelet.forScheduledPods(cluster.newClient())) {
            var client = cluster.client();
            await().atMost(Duration.ofSeconds(30)).until(manager::isActive);
            assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                    .getSpec().getHolderIdentity()).isEqualTo(manager.identity());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata()
                    .build()).create();
            Map<String, String> labels = Map.of("app", "web");
            client.apps().deployments().inNamespace("app").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("web").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
                    .withMatchLabels(labels).endSelector().withTemplate(Workloads.template(labels, "nginx:1.7.9"))
                    .endSpec().build()).create();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var status = client.apps().deployments().inNamespace("app").withName("web").get().getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getAvailableReplicas()).isEqualTo(2);
                assertThat(client.serviceAccounts().inNamespace("app").withName("default").get()).isNotNull();
            });
            client.apps().deployments().inNamespace("app").withName("web").delete();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("app").list().getItems()).isEmpty());
        }
    }
}
