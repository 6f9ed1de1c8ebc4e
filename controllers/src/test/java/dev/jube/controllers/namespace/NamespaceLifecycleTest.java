package dev.jube.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.deployment.DeploymentController;
import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.serviceaccount.RootCaPublisher;
import dev.jube.controllers.serviceaccount.ServiceAccountController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleTest {

    static ControllerCluster cluster;
    static KubernetesClient client;
    static String ca;

    @BeforeAll
    static void start() throws Exception {
        // Objects read while a controller is still working may lack status: keep polling.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.startWith(config -> {
            ca = RootCaPublisher.caOf(config);
            return List.of(NamespaceController::new, ServiceAccountController::new, () -> new RootCaPublisher(ca),
                    ReplicaSetController::new, DeploymentController::new);
        });
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void everyNamespaceGetsTheDefaultServiceAccountAndTheRootCaConfigMapBack() {
        String ns = cluster.newNamespace();
        for (String existing : List.of("default", "kube-system", ns)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(client.serviceAccounts().inNamespace(existing).withName("default").get()).isNotNull();
                ConfigMap cm = client.configMaps().inNamespace(existing).withName(RootCaPublisher.NAME).get();
                assertThat(cm).isNotNull();
                assertThat(cm.getData()).containsEntry(RootCaPublisher.KEY, ca);
            });
        }
        assertThat(ca).startsWith("-----BEGIN CERTIFICATE-----");
        String uid = client.serviceAccounts().inNamespace(ns).withName("default").get().getMetadata().getUid();
        client.serviceAccounts().inNamespace(ns).withName("default").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
            assertThat(sa).isNotNull();
            assertThat(sa.getMetadata().getUid()).isNotEqualTo(uid);
        });
        Workloads.retryOnConflict(() -> client.configMaps().inNamespace(ns).withName(RootCaPublisher.NAME)
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of(RootCaPublisher.KEY, "tampered")).build()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.configMaps().inNamespace(ns)
                .withName(RootCaPublisher.NAME).get().getData()).containsEntry(RootCaPublisher.KEY, ca));
        client.configMaps().inNamespace(ns).withName(RootCaPublisher.NAME).delete();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.configMaps().inNamespace(ns).withName(RootCaPublisher.NAME).get() != null);
    }

    @Test
    void aDeletedNamespaceIsEmptiedAndThenFinalized() {
        String ns = "doomed";
        // A finalizer of our own holds the namespace after its content is gone, so the test can look.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .withFinalizers("example.com/hold").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s")
                .endMetadata().build()).create();
        Map<String, String> labels = Map.of("app", "w");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("w")
                .endMetadata().withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(Workloads.template(labels, "nginx:1.7.9")).endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> Workloads.activePods(client, ns).size() == 2);

        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Namespace n = client.namespaces().withName(ns).get();
            assertThat(n.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.serviceAccounts().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            List<String> specFinalizers = n.getSpec() == null || n.getSpec().getFinalizers() == null
                    ? List.of() : n.getSpec().getFinalizers();
            assertThat(specFinalizers).doesNotContain(NamespaceController.FINALIZER);
        });
        Workloads.retryOnConflict(() -> client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n)
                .editMetadata().withFinalizers(List.of()).endMetadata().build()));
        await().atMost(Duration.ofSeconds(20)).until(() -> client.namespaces().withName(ns).get() == null);
    }
}
