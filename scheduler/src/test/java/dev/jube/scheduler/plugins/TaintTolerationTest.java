package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static dev.jube.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintTolerationTest {

    private final TaintToleration plugin = new TaintToleration();

    private static Pod tolerating(Toleration... t) {
        return pod("p", null, null).editSpec().withTolerations(t).endSpec().build();
    }

    private Status filter(Pod p, NodeInfo n) {
        return plugin.filter(new CycleState(), new PodInfo(p), n);
    }

    @Test
    void untoleratedNoScheduleTaintIsReportedWithKeyAndValue() {
        NodeInfo n = nodeInfo(taint(node("n", "1", "1Gi"), "dedicated", "gpu", "NoSchedule").build());
        Status s = filter(pod("p", null, null).build(), n);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) had untolerated taint {dedicated: gpu}");
    }

    @Test
    void equalNeedsTheSameValueAndExistsAnyValue() {
        NodeInfo n = nodeInfo(taint(node("n", "1", "1Gi"), "dedicated", "gpu", "NoSchedule").build());
        assertThat(filter(tolerating(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("gpu")
                .withEffect("NoSchedule").build()), n).isSuccess()).isTrue();
        assertThat(filter(tolerating(new TolerationBuilder().withKey("dedicated").withValue("cpu").build()), n)
                .isSuccess()).isFalse();
        assertThat(filter(tolerating(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()), n)
                .isSuccess()).isTrue();
        // Exists with no key tolerates every taint.
        assertThat(filter(tolerating(new TolerationBuilder().withOperator("Exists").build()), n).isSuccess()).isTrue();
        // A toleration for another effect does not help.
        assertThat(filter(tolerating(new TolerationBuilder().withKey("dedicated").withOperator("Exists")
                .withEffect("NoExecute").build()), n).isSuccess()).isFalse();
    }

    @Test
    void noExecuteToleratedForSomeSecondsStillSchedules() {
        NodeInfo n = nodeInfo(taint(node("n", "1", "1Gi"), "node.kubernetes.io/unreachable", null, "NoExecute").build());
        assertThat(filter(pod("p", null, null).build(), n).reasons())
                .containsExactly("node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
        assertThat(filter(tolerating(new TolerationBuilder().withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).build()), n).isSuccess())
                .isTrue();
    }

    @Test
    void preferNoScheduleDoesNotFilterButLowersTheScore() {
        NodeInfo clean = nodeInfo(node("clean", "1", "1Gi").build());
        NodeInfo one = nodeInfo(taint(node("one", "1", "1Gi"), "a", "x", "PreferNoSchedule").build());
        NodeInfo two = nodeInfo(taint(taint(node("two", "1", "1Gi"), "a", "x", "PreferNoSchedule"), "b", "y",
                "PreferNoSchedule").build());
        Pod p = pod("p", null, null).build();
        assertThat(filter(p, two).isSuccess()).isTrue();
        long[] scores = score(p, clean, one, two);
        assertThat(scores).containsExactly(100, 50, 0);
        // Tolerating one of them (a PreferNoSchedule or effect-less toleration) counts it out.
        Pod tolerant = tolerating(new TolerationBuilder().withKey("b").withOperator("Exists").build());
        assertThat(score(tolerant, clean, one, two)).containsExactly(100, 0, 0);
        // NoSchedule tolerations do not count for PreferNoSchedule taints.
        Pod noSchedule = tolerating(new TolerationBuilder().withKey("a").withOperator("Exists").withEffect("NoSchedule")
                .build());
        assertThat(score(noSchedule, clean, one, two)).containsExactly(100, 50, 0);
    }

    private long[] score(Pod p, NodeInfo... nodes) {
        CycleState s = new CycleState();
        PodInfo pi = new PodInfo(p);
        plugin.preScore(s, pi, List.of(nodes), null);
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
    void cordonedNodesNeedTheUnschedulableToleration() {
        NodeUnschedulable u = new NodeUnschedulable();
        NodeInfo cordoned = nodeInfo(node("n", "1", "1Gi").editSpec().withUnschedulable(true).endSpec().build());
        Status s = u.filter(new CycleState(), new PodInfo(pod("p", null, null).build()), cordoned);
        assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
        assertThat(u.filter(new CycleState(), new PodInfo(tolerating(new TolerationBuilder()
                .withKey("node.kubernetes.io/unschedulable").withOperator("Exists").withEffect("NoSchedule").build())),
                cordoned).isSuccess()).isTrue();
    }
}
