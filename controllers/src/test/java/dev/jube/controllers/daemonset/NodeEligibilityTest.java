package dev.jube.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeEligibilityTest {

    static DaemonSet ds(PodTemplateSpec template) {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").endMetadata()
                .withNewSpec().withTemplate(template).endSpec().build();
    }

    static PodTemplateSpecBuilder template() {
        return new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("a").withImage("a").endContainer()
                .endSpec();
    }

    static NodeBuilder node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("zone", "a").endMetadata().withNewSpec()
                .endSpec();
    }

    static NodeEligibility check(DaemonSet ds, Node node) {
        return NodeEligibility.of(ds, DaemonPods.specWithTolerations(ds.getSpec().getTemplate()), node);
    }

    @Test
    void conditionTaintsAreToleratedAutomatically() {
        DaemonSet ds = ds(template().build());
        for (String key : new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
            Node n = node("n").editSpec().addToTaints(new TaintBuilder().withKey(key).withEffect("NoExecute").build())
                    .endSpec().build();
            assertThat(check(ds, n).shouldRun()).as(key).isTrue();
        }
        for (String key : new String[] {"node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"}) {
            Node n = node("n").editSpec().addToTaints(new TaintBuilder().withKey(key).withEffect("NoSchedule").build())
                    .endSpec().build();
            assertThat(check(ds, n).shouldRun()).as(key).isTrue();
        }
    }

    @Test
    void networkUnavailableIsToleratedOnlyWithHostNetwork() {
        Node n = node("n").editSpec().addToTaints(new TaintBuilder().withKey("node.kubernetes.io/network-unavailable")
                .withEffect("NoSchedule").build()).endSpec().build();
        assertThat(check(ds(template().build()), n).shouldRun()).isFalse();
        assertThat(check(ds(template().editSpec().withHostNetwork(true).endSpec().build()), n).shouldRun()).isTrue();
    }

    @Test
    void untoleratedNoScheduleKeepsRunningPodsButNoExecuteDoesNot() {
        DaemonSet ds = ds(template().build());
        Node noSchedule = node("n").editSpec().addToTaints(new TaintBuilder().withKey("x").withEffect("NoSchedule")
                .build()).endSpec().build();
        assertThat(check(ds, noSchedule)).isEqualTo(new NodeEligibility(false, true));
        Node noExecute = node("n").editSpec().addToTaints(new TaintBuilder().withKey("x").withEffect("NoExecute")
                .build()).endSpec().build();
        assertThat(check(ds, noExecute)).isEqualTo(NodeEligibility.NO);
    }

    @Test
    void nodeSelectorAndTemplateNodeNameMustMatch() {
        assertThat(check(ds(template().editSpec().withNodeSelector(Map.of("zone", "b")).endSpec().build()),
                node("n").build()).shouldRun()).isFalse();
        assertThat(check(ds(template().editSpec().withNodeSelector(Map.of("zone", "a")).endSpec().build()),
                node("n").build()).shouldRun()).isTrue();
        assertThat(check(ds(template().editSpec().withNodeName("other").endSpec().build()), node("n").build()))
                .isEqualTo(NodeEligibility.NO);
    }

    @Test
    void podsArePinnedByNodeNameAffinityAndFoundAgain() {
        DaemonSet ds = ds(template().editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("zone").withOperator("In").withValues("a").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
        var pod = DaemonPods.newPod(ds, "abc", "node-7");
        assertThat(DaemonPods.targetNode(pod)).isEqualTo("node-7");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()).singleElement().satisfies(t -> assertThat(t.getMatchExpressions()).isEmpty());
        assertThat(pod.getMetadata().getLabels()).containsEntry("controller-revision-hash", "abc");
    }
}
