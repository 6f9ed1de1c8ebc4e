package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.container;
import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Resource;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Status;
import dev.jube.scheduler.plugins.ResourceScoring.ShapePoint;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeResourcesFitTest {

    private final NodeResourcesFit fit = new NodeResourcesFit();

    private Status filter(Pod pod, NodeInfo node) {
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(pod);
        assertThat(fit.preFilter(s, p, null).status().isSuccess()).isTrue();
        return fit.filter(s, p, node);
    }

    @Test
    void fitsWhenRequestsLeaveRoom() {
        NodeInfo n = nodeInfo(node("n", "2", "4Gi").build(), pod("a", "1", "1Gi").build());
        assertThat(filter(pod("p", "1", "3Gi").build(), n).isSuccess()).isTrue();
    }

    @Test
    void reportsEachInsufficientResource() {
        NodeInfo n = nodeInfo(node("n", "2", "4Gi").build(), pod("a", "1500m", "3Gi").build());
        Status s = filter(pod("p", "1", "2Gi").build(), n);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("Insufficient cpu", "Insufficient memory");
    }

    @Test
    void requestLargerThanTheWholeNodeIsUnresolvable() {
        Status s = filter(pod("p", "3", null).build(), nodeInfo(node("n", "2", "4Gi").build()));
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void initContainersCountAsTheirMaximumNotTheirSum() {
        // Containers ask for 1 CPU; an init container for 3: the pod needs 3, not 4.
        Pod p = pod("p", "1", null).editSpec()
                .addToInitContainers(container("i1", "3", null), container("i2", "2", null)).endSpec().build();
        assertThat(new PodInfo(p).requests().milliCpu).isEqualTo(3000);
        assertThat(filter(p, nodeInfo(node("n", "3", "4Gi").build())).isSuccess()).isTrue();
        assertThat(filter(p, nodeInfo(node("n", "2500m", "4Gi").build())).reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void sidecarInitContainersAddToEverythingAfterThem() {
        Pod p = pod("p", "1", null).editSpec()
                .addToInitContainers(new ContainerBuilder(container("sidecar", "500m", null)).withRestartPolicy("Always")
                        .build(), container("init", "2", null)).endSpec().build();
        // max(1 + 0.5 sidecar, 2 init + 0.5 sidecar running alongside it) = 2.5
        assertThat(new PodInfo(p).requests().milliCpu).isEqualTo(2500);
    }

    @Test
    void podOverheadIsAdded() {
        Pod p = pod("p", "1", "1Gi").editSpec().addToOverhead("cpu", new Quantity("250m"))
                .addToOverhead("memory", new Quantity("128Mi")).endSpec().build();
        Resource r = new PodInfo(p).requests();
        assertThat(r.milliCpu).isEqualTo(1250);
        assertThat(r.memory).isEqualTo((1024L + 128) * 1024 * 1024);
        assertThat(filter(p, nodeInfo(node("n", "1200m", "4Gi").build())).reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void limitsWithoutRequestsCountAsRequests() {
        Pod p = new PodBuilder(pod("p", null, null).build()).editSpec().editFirstContainer().editOrNewResources()
                .addToLimits("cpu", new Quantity("2")).endResources().endContainer().endSpec().build();
        assertThat(new PodInfo(p).requests().milliCpu).isEqualTo(2000);
    }

    @Test
    void tooManyPods() {
        NodeInfo n = nodeInfo(node("n", "2", "4Gi").editStatus().addToAllocatable("pods", new Quantity("1"))
                .endStatus().build(), pod("a", null, null).build());
        Status s = filter(pod("p", null, null).build(), n);
        assertThat(s.reasons()).containsExactly("Too many pods");
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
    }

    @Test
    void extendedResourcesAreChecked() {
        Pod p = new PodBuilder(pod("p", null, null).build()).editSpec().editFirstContainer().editOrNewResources()
                .addToRequests("example.com/gpu", new Quantity("2")).endResources().endContainer().endSpec().build();
        NodeInfo n = nodeInfo(node("n", "2", "4Gi").editStatus().addToAllocatable("example.com/gpu", new Quantity("1"))
                .endStatus().build());
        assertThat(filter(p, n).reasons()).containsExactly("Insufficient example.com/gpu");
        assertThat(new NodeResourcesFit(new NodeResourcesFit.Args(NodeResourcesFit.Strategy.LEAST_ALLOCATED,
                ResourceScoring.DEFAULT_RESOURCES, List.of(), Set.of("example.com/gpu"))).filter(new CycleState(),
                new PodInfo(p), n).isSuccess()).isTrue();
    }

    @Test
    void leastAllocatedPrefersEmptierNodes() {
        // node: 4 CPU, 8Gi; existing 1 CPU / 2Gi; pod 1 CPU / 2Gi: cpu (4-2)/4 = 50, memory (8-4)/8 = 50.
        NodeInfo n = nodeInfo(node("n", "4", "8Gi").build(), pod("a", "1", "2Gi").build());
        assertThat(fit.score(new CycleState(), new PodInfo(pod("p", "1", "2Gi").build()), n)).isEqualTo(50);
        NodeInfo empty = nodeInfo(node("m", "4", "8Gi").build());
        assertThat(fit.score(new CycleState(), new PodInfo(pod("p", "1", "2Gi").build()), empty)).isEqualTo(75);
    }

    @Test
    void unsetRequestsScoreAsTheDefaults() {
        // 100m of 1 CPU used -> 90; 200Mi of 2000Mi -> 90.
        NodeInfo n = nodeInfo(node("n", "1", "2000Mi").build());
        assertThat(fit.score(new CycleState(), new PodInfo(pod("p", null, null).build()), n)).isEqualTo(90);
    }

    @Test
    void mostAllocatedPrefersFullerNodes() {
        NodeResourcesFit most = new NodeResourcesFit(NodeResourcesFit.Args.of(NodeResourcesFit.Strategy.MOST_ALLOCATED));
        NodeInfo busy = nodeInfo(node("n", "4", "8Gi").build(), pod("a", "2", "4Gi").build());
        NodeInfo idle = nodeInfo(node("m", "4", "8Gi").build());
        PodInfo p = new PodInfo(pod("p", "1", "2Gi").build());
        assertThat(most.score(new CycleState(), p, busy)).isEqualTo(75);
        assertThat(most.score(new CycleState(), p, idle)).isEqualTo(25);
    }

    @Test
    void requestedToCapacityRatioFollowsTheShape() {
        NodeResourcesFit ratio = new NodeResourcesFit(new NodeResourcesFit.Args(
                NodeResourcesFit.Strategy.REQUESTED_TO_CAPACITY_RATIO, ResourceScoring.DEFAULT_RESOURCES,
                List.of(new ShapePoint(0, 0), new ShapePoint(100, 10)), Set.of()));
        NodeInfo n = nodeInfo(node("n", "4", "8Gi").build());
        // 1 of 4 CPU and 2Gi of 8Gi: 25% utilization -> 25 on a 0..100 linear shape.
        assertThat(ratio.score(new CycleState(), new PodInfo(pod("p", "1", "2Gi").build()), n)).isEqualTo(25);
        assertThat(ResourceScoring.brokenLinear(List.of(new ShapePoint(0, 10), new ShapePoint(50, 0),
                new ShapePoint(100, 10)), 75)).isEqualTo(50);
    }

    @Test
    void balancedAllocationPrefersEvenUse() {
        NodeResourcesBalancedAllocation b = new NodeResourcesBalancedAllocation();
        PodInfo p = new PodInfo(pod("p", "1", "1Gi").build());
        // cpu 1/4 = .25, memory 1/8 = .125: std = .0625 -> 93
        assertThat(b.score(new CycleState(), p, nodeInfo(node("n", "4", "8Gi").build()))).isEqualTo(93);
        // cpu 1/4, memory 1/4: perfectly balanced
        assertThat(b.score(new CycleState(), p, nodeInfo(node("m", "4", "4Gi").build()))).isEqualTo(ScorePlugin.MAX_SCORE);
        assertThat(b.preScore(new CycleState(), new PodInfo(pod("be", null, null).build()), List.of(), null).isSkip())
                .isTrue();
    }
}
