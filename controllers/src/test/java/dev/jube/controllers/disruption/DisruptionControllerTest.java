package dev.jube.controllers.disruption;

import static dev.jube.controllers.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.deployment.DeploymentController;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.testing.ControllerCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisruptionControllerTest {

    static ControllerCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(ReplicaSetController::new, DeploymentController::new,
                DisruptionController::new);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static void replicaSet(String ns, String name, int replicas, Map<String, String> labels) {
        client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels)
                .endSelector().withTemplate(template(labels, "nginx")).endSpec().build()).create();
    }

    static void budget(String ns, String name, Map<String, String> labels, IntOrString min, IntOrString max) {
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withNewSelector()
                .withMatchLabels(labels).endSelector().withMinAvailable(min).withMaxUnavailable(max).endSpec()
                .build()).create();
    }

    static PodDisruptionBudgetStatus status(String ns, String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get().getStatus();
    }

    static void assertStatus(String ns, String name, int healthy, int desired, int expected, int allowed) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PodDisruptionBudgetStatus s = status(ns, name);
            assertThat(s.getCurrentHealthy()).isEqualTo(healthy);
            assertThat(s.getDesiredHealthy()).isEqualTo(desired);
            assertThat(s.getExpectedPods()).isEqualTo(expected);
            assertThat(s.getDisruptionsAllowed()).isEqualTo(allowed);
            assertThat(s.getObservedGeneration()).isEqualTo(1L);
            Condition c = s.getConditions().getFirst();
            assertThat(c.getType()).isEqualTo("DisruptionAllowed");
            assertThat(c.getStatus()).isEqualTo(allowed > 0 ? "True" : "False");
            assertThat(c.getReason()).isEqualTo(allowed > 0 ? "SufficientPods" : "InsufficientPods");
        });
    }

    @Test
    void minAvailableAsANumberCountsTheSelectedPods() {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "a");
        replicaSet(ns, "a", 3, labels);
        budget(ns, "a", labels, new IntOrString(2), null);
        assertStatus(ns, "a", 3, 2, 3, 1);
    }

    @Test
    void percentagesAndMaxUnavailableResolveAgainstTheControllersScale() {
        String ns = cluster.newNamespace();
        Map<String, String> web = Map.of("app", "web");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withReplicas(4).withNewSelector().withMatchLabels(web).endSelector()
                .withTemplate(template(web, "nginx")).endSpec().build()).create();
        budget(ns, "web", web, null, new IntOrString("25%"));
        assertStatus(ns, "web", 4, 3, 4, 1);
        Map<String, String> rs = Map.of("app", "rs");
        replicaSet(ns, "rs", 3, rs);
        budget(ns, "rs", rs, new IntOrString("50%"), null);
        assertStatus(ns, "rs", 3, 2, 3, 1);
    }

    @Test
    void recentlyEvictedPodsDoNotCountAsHealthyUntilTheyAreGone() {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "d");
        replicaSet(ns, "d", 2, labels);
        budget(ns, "d", labels, new IntOrString(1), null);
        assertStatus(ns, "d", 2, 1, 2, 1);
        String victim = client.pods().inNamespace(ns).list().getItems().getFirst().getMetadata().getName();
        // What the eviction subresource records before it deletes a pod.
        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("d").editStatus(p ->
                new PodDisruptionBudgetBuilder(p).editStatus().withDisruptionsAllowed(0)
                        .withDisruptedPods(Map.of(victim, Times.now(), "long-gone", Times.now())).endStatus().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PodDisruptionBudgetStatus s = status(ns, "d");
            assertThat(s.getDisruptedPods()).containsOnlyKeys(victim);
            assertThat(s.getCurrentHealthy()).isEqualTo(1);
            assertThat(s.getDisruptionsAllowed()).isZero();
        });
        client.pods().inNamespace(ns).withName(victim).withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PodDisruptionBudgetStatus s = status(ns, "d");
            assertThat(s.getDisruptedPods()).isNullOrEmpty();
            assertThat(s.getCurrentHealthy()).isEqualTo(2);
        });
    }

    @Test
    void podsWithoutAControllerMakeAPercentageBudgetFailSafe() {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "bare");
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("bare").withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
        budget(ns, "bare", labels, null, new IntOrString(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PodDisruptionBudgetStatus s = status(ns, "bare");
            assertThat(s.getDisruptionsAllowed()).isZero();
            assertThat(s.getConditions().getFirst().getReason()).isEqualTo("SyncFailed");
            assertThat(s.getConditions().getFirst().getStatus()).isEqualTo("False");
        });
    }
}
