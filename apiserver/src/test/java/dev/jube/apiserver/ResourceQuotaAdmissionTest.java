package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quota admission with status written by hand (no quota controller runs here). */
class ResourceQuotaAdmissionTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        client = cluster.client;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static void namespace(String ns) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    static void quota(String ns, Map<String, String> hard, Map<String, String> used) {
        ResourceQuota q = client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("q").endMetadata().withNewSpec().withHard(quantities(hard)).endSpec().build()).create();
        if (used != null) {
            client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder(q).withNewStatus()
                    .withHard(quantities(hard)).withUsed(quantities(used)).endStatus().build()).updateStatus();
        }
    }

    static Map<String, Quantity> quantities(Map<String, String> m) {
        Map<String, Quantity> result = new java.util.TreeMap<>();
        m.forEach((k, v) -> result.put(k, new Quantity(v)));
        return result;
    }

    static void configMap(String ns, String name) {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
    }

    static String used(String ns, String resource) {
        return client.resourceQuotas().inNamespace(ns).withName("q").get().getStatus().getUsed().get(resource)
                .toString();
    }

    @Test
    void creationsAreChargedUntilTheLimitThenRefused() {
        namespace("quota-a");
        quota("quota-a", Map.of("configmaps", "2", "count/configmaps", "5"), Map.of("configmaps", "0",
                "count/configmaps", "0"));
        configMap("quota-a", "one");
        configMap("quota-a", "two");
        assertThat(used("quota-a", "configmaps")).isEqualTo("2");
        assertThat(used("quota-a", "count/configmaps")).isEqualTo("2");
        assertThatThrownBy(() -> configMap("quota-a", "three")).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"three\" is forbidden: exceeded "
                            + "quota: q, requested: configmaps=1, used: configmaps=2, limited: configmaps=2");
                });
        assertThat(used("quota-a", "configmaps")).isEqualTo("2");
    }

    @Test
    void aQuotaWithoutUsageYetRefusesWhatItLimits() {
        namespace("quota-b");
        quota("quota-b", Map.of("services", "1"), Map.of());
        assertThatThrownBy(() -> client.services().inNamespace("quota-b").resource(new ServiceBuilder()
                .withNewMetadata().withName("s").endMetadata().withNewSpec().addNewPort().withPort(80).endPort()
                .endSpec().build()).create()).isInstanceOfSatisfying(KubernetesClientException.class, e ->
                assertThat(e.getStatus().getMessage())
                        .isEqualTo("services \"s\" is forbidden: status unknown for quota: q, resources: services"));
        // Other kinds are not limited by it.
        configMap("quota-b", "free");
    }

    @Test
    void aQuotaWhoseStatusWasNeverWrittenLimitsNothing() {
        namespace("quota-c");
        quota("quota-c", Map.of("configmaps", "0"), null);
        configMap("quota-c", "allowed");
        assertThat(client.configMaps().inNamespace("quota-c").withName("allowed").get()).isNotNull();
    }
}
