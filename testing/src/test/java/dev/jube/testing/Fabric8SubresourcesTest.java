package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subresources that are actions, through the fabric8 client: eviction, token requests, logs; namespace deletes. */
class Fabric8SubresourcesTest {

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

    private static void runningPod(String ns, String name) {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "db").endMetadata().withNewSpec().withNodeName("node-a").addNewContainer()
                .withName("c").withImage("postgres").endContainer().endSpec().build()).create();
        client.pods().inNamespace(ns).withName(name).editStatus(p -> new PodBuilder(p).editStatus()
                .withPhase("Running").withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                        .build()).endStatus().build());
    }

    @Test
    void evictionHonoursTheDisruptionBudget() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("evictions").endMetadata()
                .build()).create();
        runningPod("evictions", "db-0");
        runningPod("evictions", "db-1");
        client.policy().v1().podDisruptionBudget().inNamespace("evictions").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db").endMetadata().withNewSpec().withNewMinAvailable(1)
                .withNewSelector().addToMatchLabels("app", "db").endSelector().endSpec().build()).create();
        var budget = client.policy().v1().podDisruptionBudget().inNamespace("evictions").withName("db");
        budget.editStatus(b -> new PodDisruptionBudgetBuilder(b).withStatus(new PodDisruptionBudgetStatusBuilder()
                .withObservedGeneration(1L).withDisruptionsAllowed(1).withCurrentHealthy(2).withDesiredHealthy(1)
                .withExpectedPods(2).build()).build());

        var pods = client.pods().inNamespace("evictions");
        assertThat(pods.withName("db-0").evict()).isTrue();
        assertThat(pods.withName("db-0").get().getMetadata().getDeletionTimestamp()).isNotNull();
        PodDisruptionBudget after = budget.get();
        assertThat(after.getStatus().getDisruptionsAllowed()).isZero();
        assertThat(after.getStatus().getDisruptedPods()).containsKey("db-0");
        assertThat(pods.withName("db-1").evict()).as("no disruption left: 429").isFalse();
        assertThat(pods.withName("db-1").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aRequestedTokenAuthenticatesUntilItsServiceAccountGoes() {
        client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
        TokenRequest issued = client.serviceAccounts().inNamespace("default").withName("robot")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
        String token = issued.getStatus().getToken();
        assertThat(token).isNotBlank();
        assertThat(issued.getSpec().getAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");

        Config asRobot = new ConfigBuilder(cluster.config()).withClientCertData(null).withClientKeyData(null)
                .withClientCertFile(null).withClientKeyFile(null).withOauthToken(token).build();
        try (KubernetesClient robot = new KubernetesClientBuilder().withConfig(asRobot).build()) {
            assertThat(robot.serviceAccounts().inNamespace("default").withName("robot").get()).isNotNull();
            client.serviceAccounts().inNamespace("default").withName("robot").delete();
            assertThatThrownBy(() -> robot.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void logsOfAPodWhoseNodeHasNoAddressAreAnError() {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("waiting")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build()).create();
        assertThat(client.pods().inNamespace("default").withName("waiting").getLog()).isEmpty();
        runningPod("default", "running");
        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("running").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().build()).create();
        assertThatThrownBy(() -> client.pods().inNamespace("default").withName("running").getLog())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).contains("no preferred addresses found");
                });
    }

    @Test
    void aSecondDeleteOfATerminatingNamespaceIsAConflict() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("leaving").endMetadata()
                .build()).create();
        client.namespaces().withName("leaving").delete();
        assertThat(client.namespaces().withName("leaving").get().getStatus().getPhase()).isEqualTo("Terminating");
        assertThatThrownBy(() -> client.namespaces().withName("leaving").delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).contains("The system is ensuring all content is removed "
                            + "from this namespace.");
                });
    }
}
