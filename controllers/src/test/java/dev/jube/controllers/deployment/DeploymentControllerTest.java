package dev.jube.controllers.deployment;

import static dev.jube.controllers.testing.Workloads.activePods;
import static dev.jube.controllers.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.replicaset.ReplicaSetController;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.PodTimeline;
import dev.jube.controllers.testing.Workloads;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {

    static final String OLD = "nginx:1.7.9";
    static final String NEW = "nginx:1.9.1";
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

    static DeploymentBuilder deployment(String name, int replicas) {
        Map<String, String> labels = Map.of("app", name);
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(template(labels, OLD)).endSpec();
    }

    static Deployment rolling(String name, int replicas, IntOrString surge, IntOrString unavailable) {
        return deployment(name, replicas).editSpec().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(surge).withMaxUnavailable(unavailable).endRollingUpdate()
                .endStrategy().endSpec().build();
    }

    static Deployment get(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    static void edit(String ns, String name, UnaryOperator<Deployment> change) {
        Workloads.retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName(name).edit(change));
    }

    static Deployment setImage(Deployment d, String image) {
        return new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().withImage(image)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static List<ReplicaSet> replicaSets(String ns) {
        return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(DeploymentUtil::revision)).toList();
    }

    static DeploymentCondition condition(Deployment d, String type) {
        return DeploymentUtil.condition(d.getStatus(), type);
    }

    /** Rolled out: every desired pod runs the image, updated and available, status observed. */
    static void awaitComplete(String ns, String name, int replicas, String image) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Deployment d = get(ns, name);
            DeploymentStatus s = d.getStatus();
            assertThat(s).isNotNull();
            assertThat(s.getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(s.getUpdatedReplicas()).isEqualTo(replicas);
            assertThat(s.getReplicas()).isEqualTo(replicas);
            assertThat(s.getAvailableReplicas()).isEqualTo(replicas);
            List<Pod> pods = activePods(client, ns);
            assertThat(pods).hasSize(replicas);
            assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(image));
        });
    }

    @Test
    void rollingUpdateStaysWithinSurgeAndUnavailability() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(rolling("web", 4, new IntOrString(1), new IntOrString(1)))
                .create();
        awaitComplete(ns, "web", 4, OLD);
        try (PodTimeline timeline = new PodTimeline(client, ns)) {
            edit(ns, "web", d -> setImage(d, NEW));
            awaitComplete(ns, "web", 4, NEW);
            List<PodTimeline.Snapshot> states = timeline.snapshots();
            assertThat(states).isNotEmpty();
            assertThat(states).allSatisfy(s -> {
                assertThat(s.active()).as("pods never exceed replicas + maxSurge").isLessThanOrEqualTo(5);
                assertThat(s.ready()).as("available never drops below replicas - maxUnavailable")
                        .isGreaterThanOrEqualTo(3);
            });
            assertThat(states).anySatisfy(s -> assertThat(s.activeImages()).containsExactlyInAnyOrder(OLD, NEW));
        }
        List<ReplicaSet> rss = replicaSets(ns);
        assertThat(rss).hasSize(2);
        for (ReplicaSet rs : rss) {
            String hash = rs.getMetadata().getLabels().get(PodTemplateHash.LABEL);
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry(PodTemplateHash.LABEL, hash);
            assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(PodTemplateHash.LABEL, hash);
            assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind()).isEqualTo("Deployment");
                assertThat(r.getController()).isTrue();
                assertThat(r.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.DESIRED_REPLICAS, "4")
                    .containsEntry(DeploymentUtil.MAX_REPLICAS, "5");
        }
        assertThat(rss.get(0).getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1");
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
        assertThat(rss.get(1).getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "2");
        assertThat(rss.get(1).getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment d = get(ns, "web");
            assertThat(d.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "2");
            assertThat(d.getStatus().getUnavailableReplicas()).isZero();
            assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
            assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
            assertThat(condition(d, "Progressing").getStatus()).isEqualTo("True");
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
            assertThat(condition(d, "Progressing").getMessage())
                    .isEqualTo("ReplicaSet \"" + rss.get(1).getMetadata().getName() + "\" has successfully progressed.");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getMessage())
                        .isEqualTo("Scaled up replica set " + rss.get(1).getMetadata().getName() + " from 0 to 1")));
    }

    @Test
    void percentagesRoundSurgeUpAndUnavailabilityDown() {
        String ns = cluster.newNamespace();
        // 10 replicas, 25%: surge ceil(2.5) = 3, unavailable floor(2.5) = 2.
        client.apps().deployments().inNamespace(ns)
                .resource(rolling("pct", 10, new IntOrString("25%"), new IntOrString("25%"))).create();
        awaitComplete(ns, "pct", 10, OLD);
        try (PodTimeline timeline = new PodTimeline(client, ns)) {
            cluster.kubelet().pause();
            try {
                edit(ns, "pct", d -> setImage(d, NEW));
                // With new pods never ready the rollout stops at old 10-2 = 8 and new 13-8 = 5.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replicaSets(ns))
                        .extracting(rs -> rs.getSpec().getReplicas()).containsExactly(8, 5));
            } finally {
                cluster.kubelet().resume();
            }
            awaitComplete(ns, "pct", 10, NEW);
            assertThat(timeline.snapshots()).allSatisfy(s -> {
                assertThat(s.active()).isLessThanOrEqualTo(13);
                assertThat(s.ready()).isGreaterThanOrEqualTo(8);
            });
        }
    }

    @Test
    void recreateNeverRunsOldAndNewPodsTogether() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("re", 3).editSpec().withNewStrategy()
                .withType("Recreate").endStrategy().endSpec().build()).create();
        awaitComplete(ns, "re", 3, OLD);
        try (PodTimeline timeline = new PodTimeline(client, ns)) {
            edit(ns, "re", d -> setImage(d, NEW));
            awaitComplete(ns, "re", 3, NEW);
            assertThat(timeline.snapshots()).allSatisfy(s -> assertThat(s.allImages()).hasSizeLessThanOrEqualTo(1));
            assertThat(timeline.snapshots()).anySatisfy(s -> assertThat(s.allImages()).isEmpty());
        }
    }

    @Test
    void rollbackLikeKubectlRolloutUndoRestoresThePreviousTemplate() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("undo", 2).build()).create();
        awaitComplete(ns, "undo", 2, OLD);
        edit(ns, "undo", d -> setImage(d, NEW));
        awaitComplete(ns, "undo", 2, NEW);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaSets(ns).size() == 2
                && "2".equals(get(ns, "undo").getMetadata().getAnnotations().get(DeploymentUtil.REVISION)));
        ReplicaSet first = replicaSets(ns).getFirst();
        assertThat(first.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1");

        // What kubectl rollout undo sends: the old template without the hash label, and annotations.
        var template = client.getKubernetesSerialization().clone(first.getSpec().getTemplate());
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.remove(PodTemplateHash.LABEL);
        template.getMetadata().setLabels(labels);
        Map<String, String> annotations = new HashMap<>(get(ns, "undo").getMetadata().getAnnotations());
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
                + client.getKubernetesSerialization().asJson(template) + "},"
                + "{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":"
                + client.getKubernetesSerialization().asJson(annotations) + "}]";
        client.apps().deployments().inNamespace(ns).withName("undo").patch(PatchContext.of(PatchType.JSON), patch);

        awaitComplete(ns, "undo", 2, OLD);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ReplicaSet> rss = replicaSets(ns);
            assertThat(rss).hasSize(2);
            ReplicaSet restored = rss.stream().filter(rs -> rs.getMetadata().getUid()
                    .equals(first.getMetadata().getUid())).findFirst().orElseThrow();
            assertThat(restored.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3")
                    .containsEntry(DeploymentUtil.REVISION_HISTORY, "1");
            assertThat(restored.getSpec().getReplicas()).isEqualTo(2);
            assertThat(get(ns, "undo").getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3");
        });
    }

    @Test
    void aPausedDeploymentDoesNotRollUntilResumed() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("paused", 2).build()).create();
        awaitComplete(ns, "paused", 2, OLD);
        edit(ns, "paused", d -> new DeploymentBuilder(setImage(d, NEW)).editSpec().withPaused(true).endSpec().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment d = get(ns, "paused");
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("DeploymentPaused");
            assertThat(condition(d, "Progressing").getStatus()).isEqualTo("Unknown");
        });
        // Still paused after a while: one ReplicaSet, old pods only.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(replicaSets(ns)).hasSize(1);
            assertThat(activePods(client, ns)).allSatisfy(p ->
                    assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(OLD));
        });
        edit(ns, "paused", d -> new DeploymentBuilder(d).editSpec().withPaused(false).endSpec().build());
        awaitComplete(ns, "paused", 2, NEW);
    }

    @Test
    void oldReplicaSetsBeyondTheHistoryLimitAreDeleted() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("hist", 1).editSpec()
                .withRevisionHistoryLimit(1).endSpec().build()).create();
        awaitComplete(ns, "hist", 1, OLD);
        for (String image : List.of("nginx:1", "nginx:2", "nginx:3")) {
            edit(ns, "hist", d -> setImage(d, image));
            awaitComplete(ns, "hist", 1, image);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ReplicaSet> rss = replicaSets(ns);
            assertThat(rss).extracting(rs -> rs.getMetadata().getAnnotations().get(DeploymentUtil.REVISION))
                    .containsExactly("3", "4");
        });
    }

    @Test
    void aStuckRolloutExceedsItsProgressDeadline() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns).resource(deployment("stuck", 1).editSpec()
                .withProgressDeadlineSeconds(2).endSpec().build()).create();
        awaitComplete(ns, "stuck", 1, OLD);
        cluster.kubelet().pause();
        try {
            edit(ns, "stuck", d -> setImage(d, NEW));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                DeploymentCondition c = condition(get(ns, "stuck"), "Progressing");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
                assertThat(c.getMessage()).endsWith("has timed out progressing.");
            });
        } finally {
            cluster.kubelet().resume();
        }
        awaitComplete(ns, "stuck", 1, NEW);
    }

    @Test
    void scalingDuringARolloutIsProportional() {
        String ns = cluster.newNamespace();
        client.apps().deployments().inNamespace(ns)
                .resource(rolling("prop", 10, new IntOrString(3), new IntOrString(2))).create();
        awaitComplete(ns, "prop", 10, OLD);
        cluster.kubelet().pause();
        try {
            edit(ns, "prop", d -> setImage(d, "nginx:broken"));
            // New pods never become ready: the rollout stops at old 8, new 5.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replicaSets(ns))
                    .extracting(rs -> rs.getSpec().getReplicas()).containsExactly(8, 5));
            edit(ns, "prop", d -> new DeploymentBuilder(d).editSpec().withReplicas(15).endSpec().build());
            // 5 more replicas (18 allowed with surge): 3 to the old ReplicaSet, 2 to the new, as upstream.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replicaSets(ns))
                    .extracting(rs -> rs.getSpec().getReplicas()).containsExactly(11, 7));
        } finally {
            cluster.kubelet().resume();
        }
    }

    @Test
    void namesReplicaSetsByTheTemplateHash() {
        String ns = cluster.newNamespace();
        Deployment d = client.apps().deployments().inNamespace(ns).resource(deployment("named", 1).build()).create();
        awaitComplete(ns, "named", 1, OLD);
        String expected = "named-" + PodTemplateHash.compute(d.getSpec().getTemplate(), null);
        assertThat(replicaSets(ns)).extracting(rs -> rs.getMetadata().getName()).containsExactly(expected);
        assertThat(activePods(client, ns)).allSatisfy(p -> assertThat(p.getMetadata().getName()).startsWith(expected + "-"));
        assertThat(Set.copyOf(activePods(client, ns).stream().map(p -> p.getMetadata().getLabels()
                .get(PodTemplateHash.LABEL)).toList())).containsExactly(expected.substring("named-".length()));
    }

    @Test
    void minReadySecondsReachesTheReplicaSetsAndDelaysAvailability() {
        String ns = cluster.newNamespace();
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var w = client.apps().deployments().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<Deployment>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (d.getStatus() != null) {
                    statuses.add(d.getStatus().getReadyReplicas() + "/" + d.getStatus().getAvailableReplicas());
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        })) {
            client.apps().deployments().inNamespace(ns).resource(deployment("patient", 1).editSpec()
                    .withMinReadySeconds(3).endSpec().build()).create();
            awaitComplete(ns, "patient", 1, OLD);
            assertThat(replicaSets(ns)).singleElement()
                    .satisfies(rs -> assertThat(rs.getSpec().getMinReadySeconds()).isEqualTo(3));
            assertThat(statuses).containsSubsequence("1/0", "1/1");
        }
    }
}
