package dev.jube.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.garbagecollector.GarbageCollector;
import dev.jube.controllers.testing.ControllerCluster;
import dev.jube.controllers.testing.Nodes;
import dev.jube.controllers.testing.PodTimeline;
import dev.jube.controllers.testing.Workloads;
import dev.jube.scheduler.SchedulerConfig;
import dev.jube.scheduler.SchedulerServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaemonSetControllerTest {

    static final String OLD = "fluentd:1.0";
    static final String NEW = "fluentd:1.1";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final AtomicInteger POOLS = new AtomicInteger();
    static ControllerCluster cluster;
    static KubernetesClient client;
    static SchedulerServer scheduler;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        cluster = ControllerCluster.start(DaemonSetController::new, GarbageCollector::new);
        client = cluster.client();
        scheduler = SchedulerServer.start(cluster.newClient(), SchedulerConfig.defaults()
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withLeaderElection(SchedulerConfig.LeaderElection.disabled()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        cluster.close();
    }

    /** A pool label unique to one test, so each test's daemons see only its own nodes. */
    static String newPool() {
        return "pool-" + POOLS.incrementAndGet();
    }

    static Node node(String name, String pool, Taint... taints) {
        return Nodes.createReady(client, name, Map.of("pool", pool), taints);
    }

    static DaemonSetBuilder daemonSet(String name, String pool) {
        Map<String, String> labels = Map.of("app", name);
        return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec().withNodeSelector(Map.of("pool", pool)).addNewContainer().withName("agent")
                        .withImage(OLD).endContainer().endSpec().build())
                .endSpec();
    }

    static DaemonSetStatus status(String ns, String name) {
        return client.apps().daemonSets().inNamespace(ns).withName(name).get().getStatus();
    }

    static void edit(String ns, String name, UnaryOperator<DaemonSet> change) {
        Workloads.retryOnConflict(() -> client.apps().daemonSets().inNamespace(ns).withName(name).edit(change));
    }

    static DaemonSet setImage(DaemonSet ds, String image) {
        return new DaemonSetBuilder(ds).editSpec().editTemplate().editSpec().editFirstContainer().withImage(image)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** The nodes the namespace's active pods are bound to, once every one of them runs and is ready. */
    static Set<String> readyPodNodes(String ns) {
        Set<String> nodes = new TreeSet<>();
        for (Pod p : Workloads.activePods(client, ns)) {
            assertThat(Pods.isReady(p)).as("pod %s ready", p.getMetadata().getName()).isTrue();
            nodes.add(p.getSpec().getNodeName());
        }
        return nodes;
    }

    static void awaitSettled(String ns, String name, int desired) {
        await().atMost(WAIT).untilAsserted(() -> {
            DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName(name).get();
            DaemonSetStatus s = ds.getStatus();
            assertThat(s.getObservedGeneration()).isEqualTo(ds.getMetadata().getGeneration());
            assertThat(s.getDesiredNumberScheduled()).isEqualTo(desired);
            assertThat(s.getCurrentNumberScheduled()).isEqualTo(desired);
            assertThat(s.getNumberReady()).isEqualTo(desired);
            assertThat(s.getNumberAvailable()).isEqualTo(desired);
            assertThat(s.getUpdatedNumberScheduled()).isEqualTo(desired);
            assertThat(s.getNumberUnavailable()).isZero();
            assertThat(s.getNumberMisscheduled()).isZero();
            assertThat(Workloads.activePods(client, ns)).hasSize(desired);
        });
    }

    @Test
    void runsOnePodPerNodeSkippingTaintedNodesAndFollowsNodesJoiningAndLeaving() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        node(pool + "-a", pool);
        node(pool + "-b", pool);
        node(pool + "-tainted", pool, new TaintBuilder().withKey("dedicated").withValue("db")
                .withEffect("NoSchedule").build());
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).build()).create();
        awaitSettled(ns, "agent", 2);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a", pool + "-b");

        Pod pod = Workloads.activePods(client, ns).getFirst();
        assertThat(pod.getMetadata().getName()).startsWith("agent-");
        assertThat(pod.getMetadata().getLabels()).containsKey("controller-revision-hash");
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(t -> {
            assertThat(t.getMatchFields()).singleElement().satisfies(r -> {
                assertThat(r.getKey()).isEqualTo("metadata.name");
                assertThat(r.getValues()).containsExactly(pod.getSpec().getNodeName());
            });
        });
        assertThat(pod.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect())
                .contains("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
                        "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
                        "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule")
                .doesNotContain("node.kubernetes.io/network-unavailable:NoSchedule");

        node(pool + "-c", pool);
        awaitSettled(ns, "agent", 3);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a", pool + "-b", pool + "-c");

        client.nodes().withName(pool + "-c").delete();
        awaitSettled(ns, "agent", 2);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a", pool + "-b");
    }

    @Test
    void tolerationsLetPodsOntoTaintedNodesAndUntoleratedNoExecuteTaintsEvictThem() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        node(pool + "-a", pool);
        node(pool + "-db", pool, new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule")
                .build());
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).editSpec().editTemplate()
                .editSpec().addNewToleration().withKey("dedicated").withOperator("Equal").withValue("db")
                .withEffect("NoSchedule").endToleration().endSpec().endTemplate().endSpec().build()).create();
        awaitSettled(ns, "agent", 2);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a", pool + "-db");

        // A NoSchedule taint stops new daemon pods but leaves the running one alone.
        taint(pool + "-a", new TaintBuilder().withKey("maintenance").withEffect("NoSchedule").build());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(ns, "agent").getDesiredNumberScheduled()).isEqualTo(1);
            assertThat(status(ns, "agent").getNumberMisscheduled()).isEqualTo(1);
        });
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a", pool + "-db");

        // An untolerated NoExecute taint removes it.
        taint(pool + "-a", new TaintBuilder().withKey("maintenance").withEffect("NoExecute").build());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(ns, "agent").getNumberMisscheduled()).isZero();
            assertThat(readyPodNodes(ns)).containsExactly(pool + "-db");
        });
    }

    static void taint(String node, Taint taint) {
        Workloads.retryOnConflict(() -> client.nodes().withName(node).edit(n -> {
            List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            taints.add(taint);
            return new NodeBuilder(n).editSpec().withTaints(taints).endSpec().build();
        }));
    }

    @Test
    void nodeLabelsDecideWhichNodesRunTheDaemon() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        node(pool + "-a", pool);
        node(pool + "-b", pool);
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).editSpec().editTemplate()
                .editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("disk").withOperator("In").withValues("ssd")
                .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().endTemplate().endSpec().build()).create();
        label(pool + "-b", "disk", "ssd");
        awaitSettled(ns, "agent", 1);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-b");
        label(pool + "-a", "disk", "ssd");
        awaitSettled(ns, "agent", 2);
        label(pool + "-b", "disk", "hdd");
        awaitSettled(ns, "agent", 1);
        assertThat(readyPodNodes(ns)).containsExactly(pool + "-a");
    }

    static void label(String node, String key, String value) {
        Workloads.retryOnConflict(() -> client.nodes().withName(node).edit(n ->
                new NodeBuilder(n).editMetadata().addToLabels(key, value).endMetadata().build()));
    }

    @Test
    void rollingUpdateReplacesOneNodeAtATime() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        for (String n : List.of("a", "b", "c")) {
            node(pool + "-" + n, pool);
        }
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).build()).create();
        awaitSettled(ns, "agent", 3);
        String oldHash = Workloads.activePods(client, ns).getFirst().getMetadata().getLabels()
                .get("controller-revision-hash");
        try (PodTimeline timeline = new PodTimeline(client, ns)) {
            edit(ns, "agent", ds -> setImage(ds, NEW));
            awaitSettled(ns, "agent", 3);
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(Workloads.activePods(client, ns)).allSatisfy(p ->
                            assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW)));
            assertThat(timeline.snapshots()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.active()).isLessThanOrEqualTo(3);
                assertThat(s.ready()).isGreaterThanOrEqualTo(2);
            });
        }
        assertThat(Workloads.activePods(client, ns)).noneMatch(p ->
                oldHash.equals(p.getMetadata().getLabels().get("controller-revision-hash")));
        assertThat(client.apps().controllerRevisions().inNamespace(ns).list().getItems())
                .extracting(r -> r.getRevision()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void rollingUpdateWithSurgeStartsTheNewPodBeforeRemovingTheOld() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        for (String n : List.of("a", "b")) {
            node(pool + "-" + n, pool);
        }
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).editSpec()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                .endUpdateStrategy().endSpec().build()).create();
        awaitSettled(ns, "agent", 2);
        try (PodTimeline timeline = new PodTimeline(client, ns)) {
            edit(ns, "agent", ds -> setImage(ds, NEW));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(Workloads.activePods(client, ns)).hasSize(2).allSatisfy(p ->
                        assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(NEW));
                awaitSettledNow(ns, 2);
            });
            assertThat(timeline.snapshots()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.active()).isLessThanOrEqualTo(3);
                assertThat(s.ready()).isGreaterThanOrEqualTo(2);
            });
            assertThat(timeline.snapshots()).anySatisfy(s -> assertThat(s.active()).isEqualTo(3));
        }
    }

    @Test
    void orphanedPodsAndRevisionsAreAdoptedByANewDaemonSet() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        node(pool + "-a", pool);
        node(pool + "-b", pool);
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).build()).create();
        awaitSettled(ns, "agent", 2);
        Set<String> uids = new TreeSet<>();
        Workloads.activePods(client, ns).forEach(p -> uids.add(p.getMetadata().getUid()));
        client.apps().daemonSets().inNamespace(ns).withName("agent")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.apps().daemonSets().inNamespace(ns).withName("agent").get()).isNull();
            assertThat(Workloads.activePods(client, ns)).hasSize(2)
                    .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
        });
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).build()).create();
        String uid = client.apps().daemonSets().inNamespace(ns).withName("agent").get().getMetadata().getUid();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Workloads.activePods(client, ns)).hasSize(2)
                .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                        .anySatisfy(r -> assertThat(r.getUid()).isEqualTo(uid))));
        awaitSettled(ns, "agent", 2);
        Set<String> after = new TreeSet<>();
        Workloads.activePods(client, ns).forEach(p -> after.add(p.getMetadata().getUid()));
        assertThat(after).isEqualTo(uids);
        assertThat(client.apps().controllerRevisions().inNamespace(ns).list().getItems()).singleElement()
                .satisfies(r -> assertThat(r.getMetadata().getOwnerReferences())
                        .anySatisfy(o -> assertThat(o.getUid()).isEqualTo(uid)));
    }

    static void awaitSettledNow(String ns, int desired) {
        DaemonSetStatus s = status(ns, "agent");
        assertThat(s.getUpdatedNumberScheduled()).isEqualTo(desired);
        assertThat(s.getNumberAvailable()).isEqualTo(desired);
    }

    @Test
    void onDeleteReplacesOnlyPodsTheUserDeletes() {
        String pool = newPool();
        String ns = cluster.newNamespace();
        node(pool + "-a", pool);
        node(pool + "-b", pool);
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("agent", pool).editSpec()
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build()).create();
        awaitSettled(ns, "agent", 2);
        edit(ns, "agent", ds -> setImage(ds, NEW));
        await().atMost(WAIT).untilAsserted(() -> {
            DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName("agent").get();
            assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(ds.getMetadata().getGeneration());
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isZero();
        });
        Pod onA = Workloads.activePods(client, ns).stream()
                .filter(p -> (pool + "-a").equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
        client.pods().inNamespace(ns).resource(onA).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(ns, "agent").getUpdatedNumberScheduled()).isEqualTo(1);
            assertThat(status(ns, "agent").getNumberReady()).isEqualTo(2);
        });
        for (Pod p : Workloads.activePods(client, ns)) {
            String expected = (pool + "-a").equals(p.getSpec().getNodeName()) ? NEW : OLD;
            assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(expected);
        }
    }
}
