package dev.jube.controllers.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourceQuotaControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(ResourceQuotaController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static Pod pod(String ns, String name) {
        return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("128Mi")))
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
                .endResources().endContainer().endSpec().build()).create();
    }

    static Map<String, String> used(String ns) {
        ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName("quota").get();
        Map<String, String> used = new TreeMap<>();
        q.getStatus().getUsed().forEach((k, v) -> used.put(k, v.toString()));
        return used;
    }

    /** Until the controller has counted once, a quota limits nothing (admission reads status.hard). */
    static void awaitFirstCount(String ns) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var status = client.resourceQuotas().inNamespace(ns).withName("quota").get().getStatus();
            return status != null && status.getUsed() != null && !status.getUsed().isEmpty();
        });
    }

    @Test
    void statusReportsHardAndWhatTheNamespaceUses() {
        String ns = cluster.newNamespace();
        Map<String, Quantity> hard = new TreeMap<>();
        for (String[] kv : new String[][] {{"pods", "3"}, {"count/pods", "3"}, {"requests.cpu", "1"},
                {"requests.memory", "1Gi"}, {"limits.cpu", "2"}, {"limits.memory", "2Gi"}, {"services", "2"},
                {"services.nodeports", "1"}, {"services.loadbalancers", "1"}, {"configmaps", "5"}, {"secrets", "5"},
                {"persistentvolumeclaims", "2"}, {"requests.storage", "10Gi"}, {"count/deployments.apps", "2"}}) {
            hard.put(kv[0], new Quantity(kv[1]));
        }
        client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("quota").endMetadata().withNewSpec().withHard(hard).endSpec().build()).create();
        awaitFirstCount(ns);
        pod(ns, "a");
        pod(ns, "b");
        Pod done = pod(ns, "done");
        client.pods().inNamespace(ns).resource(new PodBuilder(done).editOrNewStatus().withPhase("Succeeded")
                .endStatus().build()).updateStatus();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("np")
                .endMetadata().withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("ip")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm")
                .endMetadata().build()).create();
        client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build()).create();
        Map<String, String> labels = Map.of("app", "web");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                .withMatchLabels(labels).endSelector().withTemplate(Workloads.template(labels, "nginx")).endSpec()
                .build()).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName("quota").get();
            assertThat(q.getStatus().getHard()).containsOnlyKeys(hard.keySet());
            assertThat(q.getStatus().getHard().get("requests.memory").toString()).isEqualTo("1Gi");
            assertThat(used(ns)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("pods", "2"), Map.entry("count/pods", "2"),
                    Map.entry("requests.cpu", "500m"), Map.entry("requests.memory", "256Mi"),
                    Map.entry("limits.cpu", "1"), Map.entry("limits.memory", "512Mi"),
                    Map.entry("services", "2"), Map.entry("services.nodeports", "1"),
                    Map.entry("services.loadbalancers", "0"), Map.entry("configmaps", "1"),
                    Map.entry("secrets", "0"), Map.entry("persistentvolumeclaims", "1"),
                    Map.entry("requests.storage", "1Gi"), Map.entry("count/deployments.apps", "1")));
        });

        // Deleting objects gives the quota back.
        client.pods().inNamespace(ns).withName("a").withGracePeriod(0).delete();
        client.services().inNamespace(ns).withName("np").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(used(ns)).containsEntry("pods", "1").containsEntry("requests.cpu", "250m")
                    .containsEntry("services", "1").containsEntry("services.nodeports", "0");
        });
    }

    @Test
    void scopedQuotasCountOnlyTheirPods() {
        String ns = cluster.newNamespace();
        client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("quota").endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("10")))
                .withScopes("BestEffort").endSpec().build()).create();
        awaitFirstCount(ns);
        pod(ns, "burstable");
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("best-effort")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(used(ns)).containsEntry("pods", "1"));
    }

    @Test
    void admissionRefusesObjectsBeyondTheQuota() {
        String ns = cluster.newNamespace();
        client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("quota").endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("2"),
                        "requests.cpu", new Quantity("1"))).endSpec().build()).create();
        awaitFirstCount(ns);
        pod(ns, "a");
        pod(ns, "b");
        assertThatThrownBy(() -> pod(ns, "c")).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).isEqualTo("pods \"c\" is forbidden: exceeded quota: quota, "
                    + "requested: pods=1, used: pods=2, limited: pods=2");
        });
        // Admission charged the quota at once; the controller's recount agrees.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(used(ns))
                .containsEntry("pods", "2").containsEntry("requests.cpu", "500m"));
        client.pods().inNamespace(ns).withName("a").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(used(ns)).containsEntry("pods", "1"));
        assertThat(pod(ns, "c")).isNotNull();
    }
}
