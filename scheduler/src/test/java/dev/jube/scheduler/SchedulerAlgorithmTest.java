package dev.jube.scheduler;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.onNode;
import static dev.jube.scheduler.Objects.pod;
import static dev.jube.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Profile;
import dev.jube.scheduler.plugins.NodeResourcesFit;
import dev.jube.scheduler.plugins.Plugins;
import dev.jube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerAlgorithmTest {

    private final Framework fwk = Plugins.defaultProfile("default-scheduler").build(Plugins.registry(null),
            Handle.forTests());
    private final SchedulerCache cache = new SchedulerCache();
    private final Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), cache,
            new SchedulingQueue(fwk.queueSort(), fwk.eventsToRegister(), Duration.ofSeconds(1), Duration.ofSeconds(10),
                    Duration.ofMinutes(5), System::currentTimeMillis),
            SchedulerConfig.defaults().withParallelism(2), null, null, null);

    private String schedule(Pod p) throws Exception {
        return scheduler.schedulePod(fwk, new CycleState(), new PodInfo(p), cache.snapshot());
    }

    @Test
    void failureMessageCountsReasonsAsUpstreamDoes() {
        cache.addNode(node("small", "500m", "8Gi").build());
        cache.addNode(taint(node("t1", "4", "8Gi"), "key", "value", "NoSchedule").build());
        cache.addNode(taint(node("t2", "4", "8Gi"), "key", "value", "NoSchedule").build());
        assertThatThrownBy(() -> schedule(pod("p", "1", null).build()))
                .isInstanceOf(FitError.class)
                .hasMessage("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}.");
    }

    @Test
    void preFilterRejectionsGiveOneMessageForAllNodes() {
        cache.addNode(node("a", "4", "8Gi").build());
        Pod p = pod("p", null, null).editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("missing").endPersistentVolumeClaim().endVolume().endSpec().build();
        assertThatThrownBy(() -> schedule(p)).isInstanceOf(FitError.class)
                .hasMessage("0/1 nodes are available: persistentvolumeclaim \"missing\" not found.");
    }

    @Test
    void noNodesIsAnError() {
        assertThatThrownBy(() -> schedule(pod("p", null, null).build()))
                .isInstanceOf(Scheduler.SchedulingException.class).hasMessage("no nodes available to schedule pods");
    }

    @Test
    void picksTheNodeWithTheMostRoom() throws Exception {
        cache.addNode(node("busy", "4", "8Gi").build());
        cache.addNode(node("idle", "4", "8Gi").build());
        cache.addPod(onNode(pod("x", "3", "6Gi").build(), "busy"));
        assertThat(schedule(pod("p", "500m", "512Mi").build())).isEqualTo("idle");
    }

    @Test
    void tiesAreBrokenAtRandom() throws Exception {
        for (int i = 0; i < 4; i++) {
            cache.addNode(node("n" + i, "4", "8Gi").build());
        }
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 200 && chosen.size() < 4; i++) {
            chosen.add(schedule(pod("p", "1", null).build()));
        }
        assertThat(chosen).hasSize(4);
    }

    @Test
    void samplingFollowsUpstreamsAdaptivePercentage() {
        assertThat(Scheduler.numFeasibleNodesToFind(0, 50)).isEqualTo(50);
        assertThat(Scheduler.numFeasibleNodesToFind(0, 100)).isEqualTo(100);
        assertThat(Scheduler.numFeasibleNodesToFind(0, 1000)).isEqualTo(420);
        assertThat(Scheduler.numFeasibleNodesToFind(0, 5000)).isEqualTo(500);
        assertThat(Scheduler.numFeasibleNodesToFind(0, 6000)).isEqualTo(300);
        assertThat(Scheduler.numFeasibleNodesToFind(10, 500)).isEqualTo(100);
        assertThat(Scheduler.numFeasibleNodesToFind(100, 500)).isEqualTo(500);
    }

    @Test
    void samplingStopsFilteringOnceEnoughNodesFit() throws Exception {
        for (int i = 0; i < 300; i++) {
            cache.addNode(node(String.format("n%03d", i), "4", "8Gi").build());
        }
        Scheduler sampled = new Scheduler(Map.of("default-scheduler", fwk), cache, new SchedulingQueue(fwk.queueSort(),
                Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), System::currentTimeMillis),
                SchedulerConfig.defaults().withPercentageOfNodesToScore(10).withParallelism(1), null, null, null);
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(pod("p", null, null).build());
        assertThat(sampled.findNodesThatFit(fwk, s, p, cache.snapshot())).hasSize(100);
        // The next cycle starts where the previous one stopped, so all nodes get their turn.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            sampled.findNodesThatFit(fwk, new CycleState(), p, cache.snapshot()).forEach(n -> seen.add(n.name()));
        }
        assertThat(seen).hasSize(300);
    }

    @Test
    void profilesCanChangeWeightsAndStrategies() throws Exception {
        Profile p = Plugins.defaultProfile("binpack").withArgs("NodeResourcesFit",
                        NodeResourcesFit.Args.of(NodeResourcesFit.Strategy.MOST_ALLOCATED))
                .without("NodeResourcesBalancedAllocation", "ImageLocality").withWeight("NodeResourcesFit", 5);
        Framework binpack = p.build(Plugins.registry(null), Handle.forTests());
        assertThat(binpack.plugins()).extracting(x -> x.name()).doesNotContain("ImageLocality");
        cache.addNode(node("busy", "4", "8Gi").build());
        cache.addNode(node("idle", "4", "8Gi").build());
        cache.addPod(onNode(pod("x", "2", "4Gi").build(), "busy"));
        Pod p1 = pod("p", "1", "1Gi").build();
        assertThat(scheduler.schedulePod(binpack, new CycleState(), new PodInfo(p1), cache.snapshot())).isEqualTo("busy");
        assertThat(schedule(p1)).isEqualTo("idle");
    }
}
