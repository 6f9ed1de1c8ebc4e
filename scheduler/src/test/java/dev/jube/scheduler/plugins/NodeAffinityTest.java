package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {

    private final NodeAffinity plugin = new NodeAffinity();
    private final NodeInfo gpuNode = nodeInfo(node("gpu", "4", "8Gi").editMetadata()
            .addToLabels(Map.of("accel", "gpu", "cores", "64", "zone", "a")).endMetadata().build());
    private final NodeInfo plainNode = nodeInfo(node("plain", "4", "8Gi").editMetadata()
            .addToLabels(Map.of("cores", "8", "zone", "b")).endMetadata().build());

    private static NodeSelectorTerm term(String key, String op, String... values) {
        return new NodeSelectorTermBuilder().addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key)
                .withOperator(op).withValues(values).build()).build();
    }

    private static Pod required(NodeSelectorTerm... terms) {
        return pod("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build();
    }

    private boolean fits(Pod p, NodeInfo n) {
        Status s = plugin.filter(new CycleState(), new PodInfo(p), n);
        if (!s.isSuccess()) {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(s.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
        }
        return s.isSuccess();
    }

    @Test
    void operators() {
        assertThat(fits(required(term("accel", "In", "gpu", "tpu")), gpuNode)).isTrue();
        assertThat(fits(required(term("accel", "In", "gpu")), plainNode)).isFalse();
        assertThat(fits(required(term("accel", "NotIn", "gpu")), gpuNode)).isFalse();
        assertThat(fits(required(term("accel", "NotIn", "gpu")), plainNode)).isTrue();
        assertThat(fits(required(term("accel", "Exists")), gpuNode)).isTrue();
        assertThat(fits(required(term("accel", "Exists")), plainNode)).isFalse();
        assertThat(fits(required(term("accel", "DoesNotExist")), plainNode)).isTrue();
        assertThat(fits(required(term("accel", "DoesNotExist")), gpuNode)).isFalse();
        assertThat(fits(required(term("cores", "Gt", "16")), gpuNode)).isTrue();
        assertThat(fits(required(term("cores", "Gt", "16")), plainNode)).isFalse();
        assertThat(fits(required(term("cores", "Lt", "16")), plainNode)).isTrue();
        assertThat(fits(required(term("cores", "Lt", "16")), gpuNode)).isFalse();
        // Gt/Lt on a missing or non-numeric label never match.
        assertThat(fits(required(term("accel", "Gt", "1")), gpuNode)).isFalse();
        assertThat(fits(required(term("missing", "Lt", "1")), gpuNode)).isFalse();
    }

    @Test
    void termsAreOredAndRequirementsAnded() {
        NodeSelectorTerm both = new NodeSelectorTermBuilder(term("zone", "In", "a"))
                .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("accel").withOperator("Exists").build())
                .build();
        assertThat(fits(required(both), gpuNode)).isTrue();
        assertThat(fits(required(both), plainNode)).isFalse();
        assertThat(fits(required(both, term("zone", "In", "b")), plainNode)).isTrue();
        // A term with no requirements matches nothing.
        assertThat(fits(required(new NodeSelectorTerm()), gpuNode)).isFalse();
    }

    @Test
    void nodeSelectorMustMatchToo() {
        Pod p = pod("p", null, null).editSpec().addToNodeSelector("zone", "a").endSpec().build();
        assertThat(fits(p, gpuNode)).isTrue();
        assertThat(fits(p, plainNode)).isFalse();
    }

    @Test
    void matchFieldsOnNameNarrowsTheCandidates() {
        NodeSelectorTerm byName = new NodeSelectorTermBuilder().addToMatchFields(new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues("plain").build()).build();
        Pod p = required(byName);
        PreFilterPlugin.Result r = plugin.preFilter(new CycleState(), new PodInfo(p), null);
        assertThat(r.nodeNames()).containsExactly("plain");
        assertThat(fits(p, plainNode)).isTrue();
        assertThat(fits(p, gpuNode)).isFalse();
        assertThat(plugin.preFilter(new CycleState(), new PodInfo(pod("q", null, null).build()), null).status().isSkip())
                .isTrue();
    }

    @Test
    void preferredTermsScoreByWeight() {
        Pod p = pod("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTermBuilder().withWeight(80).withPreference(term("accel", "In", "gpu")).build(),
                        new PreferredSchedulingTermBuilder().withWeight(20).withPreference(term("cores", "Exists")).build())
                .endNodeAffinity().endAffinity().endSpec().build();
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        assertThat(plugin.preScore(s, pi, List.of(gpuNode, plainNode), null).isSuccess()).isTrue();
        long[] scores = {plugin.score(s, pi, gpuNode), plugin.score(s, pi, plainNode)};
        assertThat(scores).containsExactly(100, 20);
        plugin.normalize(s, pi, new String[] {"gpu", "plain"}, scores);
        assertThat(scores).containsExactly(100, 20);
    }
}
