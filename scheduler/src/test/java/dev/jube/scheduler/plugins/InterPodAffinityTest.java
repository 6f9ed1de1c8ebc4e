package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.onNode;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {

    private final InterPodAffinity plugin = new InterPodAffinity(ClusterLister.EMPTY);

    private static PodAffinityTerm term(String app, String topologyKey) {
        return new PodAffinityTermBuilder().withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app)
                .build()).withTopologyKey(topologyKey).build();
    }

    private static Pod app(String name, String app) {
        return pod(name, null, null).editMetadata().addToLabels("app", app).endMetadata().build();
    }

    private static Pod antiAffinity(Pod p, PodAffinityTerm t) {
        return pod(p.getMetadata().getName(), null, null).withMetadata(p.getMetadata()).editSpec().withNewAffinity()
                .withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(t).endPodAntiAffinity()
                .endAffinity().endSpec().build();
    }

    private static Pod affinity(Pod p, PodAffinityTerm t) {
        return pod(p.getMetadata().getName(), null, null).withMetadata(p.getMetadata()).editSpec().withNewAffinity()
                .withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(t).endPodAffinity()
                .endAffinity().endSpec().build();
    }

    private static NodeInfo zoned(String name, String zone, Pod... pods) {
        return nodeInfo(node(name, "4", "8Gi").editMetadata().addToLabels("zone", zone).endMetadata().build(), pods);
    }

    private Status filter(Pod incoming, NodeInfo target, NodeInfo... all) {
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(incoming);
        Status pre = plugin.preFilter(s, p, Snapshot.of(List.of(all))).status();
        if (pre.isSkip()) {
            return Status.SUCCESS;
        }
        return plugin.filter(s, p, target);
    }

    @Test
    void antiAffinityWithItselfSpreadsReplicasOverHosts() {
        Pod replica = antiAffinity(app("web-1", "web"), term("web", "kubernetes.io/hostname"));
        NodeInfo a = zoned("a", "z1");
        NodeInfo b = zoned("b", "z1");
        // The first replica goes anywhere.
        assertThat(filter(replica, a, a, b).isSuccess()).isTrue();
        // With one replica on a, the next one is refused there but fits on b.
        NodeInfo aWithReplica = zoned("a", "z1", replica);
        Pod second = antiAffinity(app("web-2", "web"), term("web", "kubernetes.io/hostname"));
        Status s = filter(second, aWithReplica, aWithReplica, b);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(filter(second, b, aWithReplica, b).isSuccess()).isTrue();
    }

    @Test
    void existingPodsAntiAffinityProtectsThemFromNewcomers() {
        Pod loner = antiAffinity(app("loner", "db"), term("web", "zone"));
        NodeInfo a = zoned("a", "z1", loner);
        NodeInfo b = zoned("b", "z1");
        NodeInfo c = zoned("c", "z2");
        Pod web = app("web", "web");
        Status s = filter(web, b, a, b, c);
        assertThat(s.reasons()).containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(filter(web, c, a, b, c).isSuccess()).isTrue();
        // A pod the term does not select is not affected.
        assertThat(filter(app("cache", "cache"), b, a, b, c).isSuccess()).isTrue();
    }

    @Test
    void affinityFollowsMatchingPodsByTopology() {
        NodeInfo a = zoned("a", "z1", app("db", "db"));
        NodeInfo b = zoned("b", "z1");
        NodeInfo c = zoned("c", "z2");
        Pod web = affinity(app("web", "web"), term("db", "zone"));
        assertThat(filter(web, b, a, b, c).isSuccess()).isTrue();
        Status s = filter(web, c, a, b, c);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod affinity rules");
        // A node without the topology key never satisfies the term.
        NodeInfo unlabelled = nodeInfo(node("x", "4", "8Gi").build());
        assertThat(filter(web, unlabelled, a, b, c, unlabelled).isSuccess()).isFalse();
    }

    @Test
    void firstPodOfAGroupWithAffinityToItselfIsNotStuck() {
        Pod first = affinity(app("web-1", "web"), term("web", "zone"));
        NodeInfo a = zoned("a", "z1");
        assertThat(filter(first, a, a).isSuccess()).isTrue();
        // But a pod whose terms select others and finds none is stuck.
        Pod other = affinity(app("x", "x"), term("web", "zone"));
        assertThat(filter(other, a, a).isSuccess()).isFalse();
    }

    @Test
    void namespacesOfTermsDefaultToThePodsOwn() {
        Pod elsewhere = app("db", "db");
        elsewhere.getMetadata().setNamespace("other");
        NodeInfo a = zoned("a", "z1", elsewhere);
        NodeInfo b = zoned("b", "z2");
        Pod web = affinity(app("web", "web"), term("db", "zone"));
        assertThat(filter(web, a, a, b).isSuccess()).isFalse();
        PodAffinityTerm anyNs = new PodAffinityTermBuilder(term("db", "zone")).withNewNamespaceSelector().endNamespaceSelector()
                .build();
        assertThat(filter(affinity(app("web", "web"), anyNs), a, a, b).isSuccess()).isTrue();
    }

    @Test
    void preferredTermsScoreTopologiesWithMatchingPods() {
        NodeInfo a = zoned("a", "z1", app("db", "db"));
        NodeInfo b = zoned("b", "z1");
        NodeInfo c = zoned("c", "z2");
        Pod web = pod("web", null, null).editSpec().withNewAffinity().withNewPodAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTermBuilder().withWeight(10)
                        .withPodAffinityTerm(term("db", "zone")).build()).endPodAffinity().endAffinity().endSpec().build();
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(web);
        List<NodeInfo> nodes = List.of(a, b, c);
        assertThat(plugin.preScore(s, p, nodes, Snapshot.of(nodes)).isSuccess()).isTrue();
        long[] scores = {plugin.score(s, p, a), plugin.score(s, p, b), plugin.score(s, p, c)};
        assertThat(scores).containsExactly(10, 10, 0);
        plugin.normalize(s, p, new String[] {"a", "b", "c"}, scores);
        assertThat(scores).containsExactly(100, 100, 0);
    }

    @Test
    void preferredAntiAffinityOfExistingPodsPushesNewcomersAway() {
        Pod noisy = pod("noisy", null, null).editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTermBuilder().withWeight(5)
                        .withPodAffinityTerm(term("web", "kubernetes.io/hostname")).build()).endPodAntiAffinity()
                .endAffinity().endSpec().build();
        NodeInfo a = zoned("a", "z1", onNode(noisy, "a"));
        NodeInfo b = zoned("b", "z1");
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(app("web", "web"));
        List<NodeInfo> nodes = List.of(a, b);
        assertThat(plugin.preScore(s, p, nodes, Snapshot.of(nodes)).isSuccess()).isTrue();
        long[] scores = {plugin.score(s, p, a), plugin.score(s, p, b)};
        assertThat(scores).containsExactly(-5, 0);
        plugin.normalize(s, p, new String[] {"a", "b"}, scores);
        assertThat(scores).containsExactly(0, 100);
    }
}
