package dev.jube.scheduler.plugins;

import dev.jube.api.selector.NodeSelectors;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.PreScorePlugin;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * spec.nodeSelector and required node affinity filter; preferred node affinity scores by the sum
 * of the weights of the terms a node matches.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final String PREFERRED = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    private static io.fabric8.kubernetes.api.model.NodeAffinity affinity(Pod pod) {
        return pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
    }

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        var na = affinity(pod.pod());
        boolean hasSelector = pod.pod().getSpec().getNodeSelector() != null
                && !pod.pod().getSpec().getNodeSelector().isEmpty();
        if (na == null || na.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Result.of(hasSelector ? Status.SUCCESS : Status.SKIP);
        }
        // When every term pins metadata.name, only those nodes need filtering.
        Set<String> names = new HashSet<>();
        for (NodeSelectorTerm t : na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            Set<String> termNames = null;
            for (NodeSelectorRequirement r : t.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                    Set<String> vs = new HashSet<>(r.getValues());
                    if (termNames == null) {
                        termNames = vs;
                    } else {
                        termNames.retainAll(vs);
                    }
                }
            }
            if (termNames == null) {
                return Result.of(Status.SUCCESS);
            }
            names.addAll(termNames);
        }
        return new Result(Status.SUCCESS, names);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return NodeSelectors.requiredMatches(pod.pod(), node.node()) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        var na = affinity(pod.pod());
        if (na == null || na.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                || na.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty()) {
            return Status.SKIP;
        }
        state.write(PREFERRED, na.getPreferredDuringSchedulingIgnoredDuringExecution());
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<PreferredSchedulingTerm> terms = state.read(PREFERRED);
        if (terms == null) {
            var na = affinity(pod.pod());
            terms = na == null || na.getPreferredDuringSchedulingIgnoredDuringExecution() == null ? List.of()
                    : na.getPreferredDuringSchedulingIgnoredDuringExecution();
        }
        long sum = 0;
        for (PreferredSchedulingTerm t : terms) {
            if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null
                    && NodeSelectors.matches(t.getPreference(), node.node())) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public Status normalize(CycleState state, PodInfo pod, String[] nodeNames, long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_LABEL));
    }
}
