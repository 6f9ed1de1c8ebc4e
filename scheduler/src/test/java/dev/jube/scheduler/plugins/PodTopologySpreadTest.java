package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.api.selector.LabelSelector;
import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTopologySpreadTest {

    private final PodTopologySpread plugin = new PodTopologySpread(ClusterLister.EMPTY, PodTopologySpread.Args.system());

    private static TopologySpreadConstraint spread(String key, int maxSkew, String when, Integer minDomains) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key).withWhenUnsatisfiable(when)
                .withMinDomains(minDomains).withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web")
                        .build()).build();
    }

    private static Pod web(String name, TopologySpreadConstraint... c) {
        return pod(name, null, null).editMetadata().addToLabels("app", "web").endMetadata().editSpec()
                .withTopologySpreadConstraints(c).endSpec().build();
    }

    private static NodeInfo zoned(String name, String zone, int webPods) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < webPods; i++) {
            pods.add(web(name + "-web-" + i));
        }
        return nodeInfo(node(name, "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, zone).endMetadata()
                .build(), pods.toArray(Pod[]::new));
    }

    private Status filter(Pod p, NodeInfo target, NodeInfo... all) {
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        Status pre = plugin.preFilter(s, pi, Snapshot.of(List.of(all))).status();
        if (pre.isSkip()) {
            return Status.SUCCESS;
        }
        return plugin.filter(s, pi, target);
    }

    @Test
    void maxSkewKeepsZonesWithinOneOfEachOther() {
        NodeInfo a = zoned("a", "z1", 2);
        NodeInfo b = zoned("b", "z2", 1);
        Pod p = web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null));
        Status s = filter(p, a, a, b);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(filter(p, b, a, b).isSuccess()).isTrue();
    }

    @Test
    void nodesWithoutTheTopologyKeyAreUnresolvable() {
        NodeInfo a = zoned("a", "z1", 0);
        NodeInfo bare = nodeInfo(node("bare", "4", "8Gi").build());
        Status s = filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null)), bare, a, bare);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
    }

    @Test
    void minDomainsCountsMissingDomainsAsEmpty() {
        // Two zones with one pod each: with maxSkew 1 a third pod fits anywhere...
        NodeInfo a = zoned("a", "z1", 1);
        NodeInfo b = zoned("b", "z2", 1);
        assertThat(filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null)), a, a, b).isSuccess())
                .isTrue();
        // ...but when 3 domains are required and only 2 exist, the global minimum is 0: skew 1 + 1 - 0 = 2 > 1.
        assertThat(filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", 3)), a, a, b).isSuccess())
                .isFalse();
        // An empty node in a third zone makes the domain count 3 again; the pod fits only there.
        NodeInfo c = zoned("c", "z3", 0);
        assertThat(filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", 3)), a, a, b, c).isSuccess())
                .isFalse();
        assertThat(filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", 3)), c, a, b, c).isSuccess())
                .isTrue();
    }

    @Test
    void podsNotMatchingTheSelectorDoNotCount() {
        NodeInfo a = nodeInfo(node("a", "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, "z1").endMetadata()
                .build(), pod("other-1", null, null).build(), pod("other-2", null, null).build());
        NodeInfo b = zoned("b", "z2", 0);
        assertThat(filter(web("new", spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null)), a, a, b).isSuccess())
                .isTrue();
    }

    @Test
    void softConstraintsScoreEmptierDomainsHigher() {
        NodeInfo a = zoned("a", "z1", 3);
        NodeInfo b = zoned("b", "z2", 1);
        NodeInfo c = zoned("c", "z3", 0);
        Pod p = web("new", spread(PodTopologySpread.ZONE, 1, "ScheduleAnyway", null));
        long[] scores = score(p, a, b, c);
        assertThat(scores[2]).isEqualTo(100);
        assertThat(scores[0]).isLessThan(scores[1]);
        assertThat(scores[1]).isLessThan(scores[2]);
    }

    @Test
    void systemDefaultsSpreadPodsOfTheSameService() {
        ClusterLister withService = new ClusterLister() {
            @Override
            public Map<String, String> namespaceLabels(String ns) {
                return Map.of();
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
            public LabelSelector defaultSelector(Pod pod) {
                return LabelSelector.parse("app=web");
            }
        };
        PodTopologySpread defaults = new PodTopologySpread(withService, PodTopologySpread.Args.system());
        NodeInfo busy = zoned("busy", "z1", 2);
        NodeInfo idle = zoned("idle", "z1", 0);
        Pod p = web("new");
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        List<NodeInfo> nodes = List.of(busy, idle);
        assertThat(defaults.preScore(s, pi, nodes, Snapshot.of(nodes)).isSuccess()).isTrue();
        long[] scores = {defaults.score(s, pi, busy), defaults.score(s, pi, idle)};
        defaults.normalize(s, pi, new String[] {"busy", "idle"}, scores);
        assertThat(scores[1]).isEqualTo(100);
        assertThat(scores[0]).isLessThan(100);
        // Without a Service or controller selecting the pod there is nothing to spread.
        assertThat(plugin.preScore(new CycleState(), pi, nodes, Snapshot.of(nodes)).isSkip()).isTrue();
    }

    private long[] score(Pod p, NodeInfo... nodes) {
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        List<NodeInfo> list = List.of(nodes);
        assertThat(plugin.preScore(s, pi, list, Snapshot.of(list)).isSuccess()).isTrue();
        long[] out = new long[nodes.length];
        String[] names = new String[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = plugin.score(s, pi, nodes[i]);
            names[i] = nodes[i].name();
        }
        plugin.normalize(s, pi, names, out);
        return out;
    }

    @Test
    void countsKeptAcrossCyclesFollowEveryChangeTheCacheSees() {
        // The scheduler's own cache: each cycle's snapshot, pods assumed between cycles.
        dev.jube.scheduler.cache.SchedulerCache cache = new dev.jube.scheduler.cache.SchedulerCache();
        for (String[] n : new String[][] {{"a", "z1"}, {"b", "z2"}}) {
            cache.addNode(node(n[0], "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, n[1]).endMetadata()
                    .build());
        }
        TopologySpreadConstraint zone = spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null);
        for (int i = 0; i < 6; i++) {
            Pod p = web("web-" + i, zone);
            Snapshot snapshot = cache.snapshot();
            NodeInfo a = snapshot.get("a");
            NodeInfo b = snapshot.get("b");
            CycleState s = new CycleState();
            PodInfo pi = new PodInfo(p);
            assertThat(plugin.preFilter(s, pi, snapshot).status().isSuccess()).isTrue();
            boolean toA = plugin.filter(s, pi, a).isSuccess();
            boolean toB = plugin.filter(s, pi, b).isSuccess();
            // Equal zones admit both; one ahead admits only the other, whatever was counted before.
            assertThat(toA || toB).isTrue();
            assertThat(toA && toB).isEqualTo(i % 2 == 0);
            cache.assume(pi, toA ? "a" : "b");
        }
        Snapshot last = cache.snapshot();
        assertThat(last.get("a").pods()).hasSize(3);
        assertThat(last.get("b").pods()).hasSize(3);
        // A pod leaving is a change too: the zone it left is the only one allowed next.
        cache.forget(last.get("a").pods().getFirst());
        Snapshot after = cache.snapshot();
        CycleState s = new CycleState();
        PodInfo next = new PodInfo(web("web-next", zone));
        plugin.preFilter(s, next, after);
        assertThat(plugin.filter(s, next, after.get("a")).isSuccess()).isTrue();
        assertThat(plugin.filter(s, next, after.get("b")).isSuccess()).isFalse();
    }

    @Test
    void countsKeptByPositionFollowNodesJoiningAndChangingZone() {
        dev.jube.scheduler.cache.SchedulerCache cache = new dev.jube.scheduler.cache.SchedulerCache();
        cache.addNode(node("a", "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, "z1").endMetadata().build());
        cache.addNode(node("b", "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, "z2").endMetadata().build());
        TopologySpreadConstraint zone = spread(PodTopologySpread.ZONE, 1, "DoNotSchedule", null);
        cache.assume(new PodInfo(web("web-0", zone)), "a");
        CycleState first = new CycleState();
        PodInfo p1 = new PodInfo(web("web-1", zone));
        Snapshot snapshot = cache.snapshot();
        plugin.preFilter(first, p1, snapshot);
        assertThat(plugin.filter(first, p1, snapshot.get("a")).isSuccess()).isFalse();

        // Node b moves to z1 beside a, and c joins z2 empty: z1 now has one pod more than z2.
        cache.updateNode(node("b", "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, "z1").endMetadata()
                .build());
        cache.addNode(node("c", "4", "8Gi").editMetadata().addToLabels(PodTopologySpread.ZONE, "z2").endMetadata().build());
        Snapshot rebuilt = cache.snapshot();
        CycleState second = new CycleState();
        plugin.preFilter(second, p1, rebuilt);
        assertThat(plugin.filter(second, p1, rebuilt.get("b")).isSuccess()).isFalse();
        assertThat(plugin.filter(second, p1, rebuilt.get("c")).isSuccess()).isTrue();

        // Two pods on c put z2 ahead: z1's nodes are the ones allowed.
        cache.assume(new PodInfo(web("web-2", zone)), "c");
        cache.assume(new PodInfo(web("web-3", zone)), "c");
        Snapshot later = cache.snapshot();
        CycleState third = new CycleState();
        plugin.preFilter(third, p1, later);
        assertThat(plugin.filter(third, p1, later.get("b")).isSuccess()).isTrue();
        assertThat(plugin.filter(third, p1, later.get("c")).isSuccess()).isFalse();
    }
}
