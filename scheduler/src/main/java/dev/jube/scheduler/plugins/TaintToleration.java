package dev.jube.scheduler.plugins;

import dev.jube.api.selector.Tolerations;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreScorePlugin;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Set;

/**
 * NoSchedule and NoExecute taints must be tolerated; each untolerated PreferNoSchedule taint
 * lowers a node's score.
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "TaintToleration";
    private static final Set<String> HARD = Set.of("NoSchedule", "NoExecute");
    private static final String PREFER = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (node.taints().isEmpty()) {
            return Status.SUCCESS;
        }
        Taint t = Tolerations.firstUntolerated(node.taints(), pod.pod().getSpec().getTolerations(), HARD);
        if (t == null) {
            return Status.SUCCESS;
        }
        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                + (t.getValue() == null ? "" : t.getValue()) + "}");
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        state.write(PREFER, preferTolerations(pod));
        return Status.SUCCESS;
    }

    private static List<Toleration> preferTolerations(PodInfo pod) {
        return pod.pod().getSpec().getTolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("PreferNoSchedule"))
                .toList();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        if (node.taints().isEmpty()) {
            return 0;
        }
        List<Toleration> tolerations = state.read(PREFER);
        if (tolerations == null) {
            tolerations = preferTolerations(pod);
        }
        long count = 0;
        for (Taint t : node.taints()) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Tolerations.toleratedBy(t, tolerations)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public Status normalize(CycleState state, PodInfo pod, String[] nodeNames, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_TAINT));
    }
}
