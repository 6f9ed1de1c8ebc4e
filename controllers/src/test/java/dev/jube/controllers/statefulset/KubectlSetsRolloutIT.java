package dev.jube.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.daemonset.DaemonSetController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Kubectl;
import dev.jube.controllers.testing.Nodes;
import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl rolling a StatefulSet and a DaemonSet out and back: rollout status, history
 * and undo all read the ControllerRevisions the controllers keep.
 */
class KubectlSetsRolloutIT {

    static final String OLD = "nginx:1.7.9";
    static final String NEW = "nginx:1.9.1";
    @TempDir
    static Path dir;
    static ControllerCluster cluster;
    static KubernetesClient client;
    static SchedulerServer scheduler;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(StatefulSetController::new, DaemonSetController::new);
        client = cluster.client();
        // Daemon pods are pinned by node affinity; the scheduler binds them.
        scheduler = SchedulerServer.start(cluster.newClient(), SchedulerConfig.defaults()
                .withLeaderElection(SchedulerConfig.LeaderElection.disabled()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
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
    void statefulSetRolloutStatusHistoryAndUndo() throws Exception {
        String ns = cluster.newNamespace();
        Map<String, String> labels = Map.of("app", "web");
        client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(2).withServiceName("web")
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(Workloads.template(labels, OLD)).endSpec().build()).create();
        assertThat(ok("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");

        ok("set", "image", "statefulset/web", "web=" + NEW, "-n", ns);
        assertThat(ok("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(2).containsOnly(NEW));
        assertThat(ok("rollout", "history", "statefulset/web", "-n", ns))
                .containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        assertThat(ok("rollout", "history", "statefulset/web", "-n", ns, "--revision=1")).contains(OLD);

        assertThat(ok("rollout", "undo", "statefulset/web", "-n", ns)).contains("statefulset.apps/web rolled back");
        assertThat(ok("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"))
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(2).containsOnly(OLD));
        assertThat(ok("rollout", "history", "statefulset/web", "-n", ns))
                .containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
        assertThat(ok("get", "controllerrevisions", "-n", ns)).contains("statefulset.apps/web");
    }

    @Test
    void daemonSetRolloutStatusHistoryAndUndo() throws Exception {
        String ns = cluster.newNamespace();
        for (String n : List.of("kubectl-a", "kubectl-b")) {
            Nodes.createReady(client, n, Map.of("role", "kubectl"));
        }
        Map<String, String> labels = Map.of("app", "agent");
        client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder().withNewMetadata()
                .withName("agent").endMetadata().withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec().withNodeSelector(Map.of("role", "kubectl")).addNewContainer().withName("agent")
                        .withImage(OLD).endContainer().endSpec().build()).endSpec().build()).create();
        assertThat(ok("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"))
                .contains("daemon set \"agent\" successfully rolled out");
        ok("set", "image", "daemonset/agent", "agent=" + NEW, "-n", ns);
        assertThat(ok("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"))
                .contains("daemon set \"agent\" successfully rolled out");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(2).containsOnly(NEW));
        assertThat(ok("rollout", "history", "daemonset/agent", "-n", ns))
                .containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        assertThat(ok("rollout", "undo", "daemonset/agent", "-n", ns))
                .contains("daemonset.apps/agent rolled back");
        assertThat(ok("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"))
                .contains("daemon set \"agent\" successfully rolled out");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(images(ns)).hasSize(2).containsOnly(OLD));
        assertThat(ok("rollout", "history", "daemonset/agent", "-n", ns))
                .containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
    }
}
