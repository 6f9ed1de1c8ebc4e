package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PostFilterPlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {

    private final List<PodDisruptionBudget> pdbs = new ArrayList<>();
    private final Framework fwk = Plugins.defaultProfile("default-scheduler").build(Plugins.registry(null),
            new Handle(new ClusterLister() {
                @Override
                public Map<String, String> namespaceLabels(String ns) {
                    return ClusterLister.EMPTY.namespaceLabels(ns);
                }

                @Override
                public io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc(String namespace, String name) {
                    return null;
                }

                @Override
                public io.fabric8.kubernetes.api.model.PersistentVolume pv(String name) {
                    return null;
                }

                @Override
                public List<io.fabric8.kubernetes.api.model.PersistentVolume> pvs() {
                    return List.of();
                }

                @Override
                public io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String name) {
                    return null;
                }

                @Override
                public dev.jube.api.selector.LabelSelector defaultSelector(Pod pod) {
                    return dev.jube.api.selector.LabelSelector.nothing();
                }

                @Override
                public List<PodDisruptionBudget> pdbs() {
                    return pdbs;
                }
            }, null));

    private static Pod prio(String name, String cpu, int priority) {
        return pod(name, cpu, null).editSpec().withPriority(priority).endSpec().build();
    }

    private static Pod started(Pod p, String time) {
        return new io.fabric8.kubernetes.api.model.PodBuilder(p).withNewStatus().withStartTime(time).endStatus().build();
    }

    private PostFilterPlugin.Result preempt(Pod preemptor, NodeInfo... nodes) {
        PodInfo pod = new PodInfo(preemptor);
        CycleState state = new CycleState();
        Snapshot snapshot = Snapshot.of(List.of(nodes));
        assertThat(fwk.runPreFilter(state, pod, snapshot).status().isSuccess()).isTrue();
        Map<String, Status> statuses = new HashMap<>();
        for (NodeInfo n : nodes) {
            Status s = fwk.runFiltersWithNominatedPods(state, pod, n);
            assertThat(s.isSuccess()).as("the pod must not fit on %s already", n.name()).isFalse();
            statuses.put(n.name(), s);
        }
        return fwk.runPostFilter(state, pod, statuses, snapshot);
    }

    private static List<String> names(PostFilterPlugin.Result r) {
        return r.victims().stream().map(PodInfo::name).toList();
    }

    @Test
    void evictsTheLowestPriorityPodsThatFreeEnough() {
        NodeInfo n = nodeInfo(node("n", "4", "8Gi").build(), prio("low", "1", 1), prio("mid", "1", 2),
                prio("high", "2", 3));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), n);
        assertThat(r.status().isSuccess()).isTrue();
        assertThat(r.nominatedNode()).isEqualTo("n");
        assertThat(names(r)).containsExactly("low");
    }

    @Test
    void neverEvictsPodsOfEqualOrHigherPriority() {
        NodeInfo n = nodeInfo(node("n", "2", "8Gi").build(), prio("same", "1", 10), prio("higher", "1", 20));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), n);
        assertThat(r.status().isSuccess()).isFalse();
        assertThat(r.status().message())
                .isEqualTo("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void picksTheNodeNeedingTheFewestAndLeastImportantVictims() {
        NodeInfo two = nodeInfo(node("two", "2", "8Gi").build(), prio("a1", "1", 1), prio("a2", "1", 1));
        NodeInfo one = nodeInfo(node("one", "2", "8Gi").build(), prio("b1", "2", 1));
        NodeInfo important = nodeInfo(node("important", "2", "8Gi").build(), prio("c1", "2", 5));
        PostFilterPlugin.Result r = preempt(prio("p", "2", 10), two, one, important);
        assertThat(r.nominatedNode()).isEqualTo("one");
        assertThat(names(r)).containsExactly("b1");
    }

    @Test
    void prefersTheNodeWhoseHighestVictimHasTheLowestPriority() {
        NodeInfo mid = nodeInfo(node("mid", "1", "8Gi").build(), prio("m", "1", 5));
        NodeInfo low = nodeInfo(node("low", "2", "8Gi").build(), prio("l1", "1", 1), prio("l2", "1", 2));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), mid, low);
        // Two victims of priority 2 and 1 beat one of priority 5: the highest victim priority comes first.
        assertThat(r.nominatedNode()).isEqualTo("low");
    }

    @Test
    void amongEqualsEvictsThePodsThatStartedLatest() {
        NodeInfo n = nodeInfo(node("n", "2", "8Gi").build(),
                started(prio("old", "1", 1), "2026-01-01T00:00:00Z"),
                started(prio("new", "1", 1), "2026-01-02T00:00:00Z"));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), n);
        assertThat(names(r)).containsExactly("new");
    }

    private static Pod labelled(Pod p, String app) {
        return new io.fabric8.kubernetes.api.model.PodBuilder(p).editMetadata().addToLabels("app", app).endMetadata()
                .build();
    }

    private void budget(String app, int allowed) {
        pdbs.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName(app).withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(allowed).endStatus().build());
    }

    @Test
    void avoidsNodesWhereABudgetWouldBeViolated() {
        budget("db", 0);
        NodeInfo guarded = nodeInfo(node("guarded", "1", "8Gi").build(), labelled(prio("db-0", "1", 1), "db"));
        NodeInfo free = nodeInfo(node("free", "1", "8Gi").build(), labelled(prio("web-0", "1", 5), "web"));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), guarded, free);
        assertThat(r.nominatedNode()).isEqualTo("free");
        assertThat(names(r)).containsExactly("web-0");
    }

    @Test
    void keepsBudgetProtectedPodsOnTheNodeWhenOthersSuffice() {
        budget("db", 0);
        NodeInfo n = nodeInfo(node("n", "2", "8Gi").build(), labelled(prio("db-0", "1", 1), "db"),
                labelled(prio("web-0", "1", 2), "web"));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), n);
        // web-0 has the higher priority, but db-0 is reprieved first because evicting it violates the budget.
        assertThat(names(r)).containsExactly("web-0");
    }

    @Test
    void violatesABudgetOnlyWhenNothingElseHelps() {
        budget("db", 1);
        NodeInfo n = nodeInfo(node("n", "2", "8Gi").build(), labelled(prio("db-0", "1", 1), "db"),
                labelled(prio("db-1", "1", 1), "db"));
        PostFilterPlugin.Result r = preempt(prio("p", "2", 10), n);
        assertThat(r.status().isSuccess()).isTrue();
        assertThat(names(r)).containsExactlyInAnyOrder("db-0", "db-1");
    }

    @Test
    void preemptionPolicyNeverIsNotEligible() {
        NodeInfo n = nodeInfo(node("n", "1", "8Gi").build(), prio("low", "1", 1));
        Pod p = new io.fabric8.kubernetes.api.model.PodBuilder(prio("p", "1", 10)).editSpec()
                .withPreemptionPolicy("Never").endSpec().build();
        PostFilterPlugin.Result r = preempt(p, n);
        assertThat(r.status().isSuccess()).isFalse();
        assertThat(r.status().message()).isEqualTo("preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(r.victims()).isEmpty();
    }

    @Test
    void nodesWherePreemptionCannotHelpAreReportedSo() {
        NodeInfo tainted = nodeInfo(dev.jube.scheduler.Objects.taint(node("t", "1", "8Gi"), "k", "v", "NoSchedule")
                .build(), prio("low", "1", 1));
        PostFilterPlugin.Result r = preempt(prio("p", "1", 10), tainted);
        assertThat(r.status().message())
                .isEqualTo("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    }

    @Test
    void nominatedPodsHoldTheirRoomAgainstPodsOfLowerOrEqualPriority() {
        NodeInfo n = nodeInfo(node("n", "2", "8Gi").build(), prio("running", "1", 0));
        fwk.nominator().nominate(new PodInfo(prio("nominated", "1", 10)), "n");
        CycleState state = new CycleState();
        PodInfo lower = new PodInfo(prio("lower", "1", 5));
        fwk.runPreFilter(state, lower, Snapshot.of(List.of(n)));
        assertThat(fwk.runFiltersWithNominatedPods(state, lower, n).message()).isEqualTo("Insufficient cpu");
        PodInfo higher = new PodInfo(prio("higher", "1", 20));
        CycleState s2 = new CycleState();
        fwk.runPreFilter(s2, higher, Snapshot.of(List.of(n)));
        assertThat(fwk.runFiltersWithNominatedPods(s2, higher, n).isSuccess()).isTrue();
    }
}
