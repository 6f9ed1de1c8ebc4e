package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.AffinityTerm;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.PreScorePlugin;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.StateData;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required and preferred pod affinity and anti-affinity by topology domain, including the
 * required anti-affinity of pods already running (which the incoming pod must respect too).
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = "InterPodAffinity";
    public static final String AFFINITY_NOT_MATCH = "node(s) didn't match pod affinity rules";
    public static final String ANTI_AFFINITY_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
    public static final String EXISTING_ANTI_AFFINITY_NOT_MATCH =
            "node(s) didn't satisfy existing pods anti-affinity rules";
    private static final String FILTER_KEY = "PreFilter" + NAME;
    private static final String SCORE_KEY = "PreScore" + NAME;

    /** The weight an existing pod's required affinity term gives to nodes in its domain when the incoming pod matches it. */
    private final int hardPodAffinityWeight;
    private final ClusterLister lister;

    public InterPodAffinity(ClusterLister lister) {
        this(lister, 1);
    }

    public InterPodAffinity(ClusterLister lister, int hardPodAffinityWeight) {
        this.lister = lister == null ? ClusterLister.EMPTY : lister;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Matching-pod counts per topology domain. */
    static final class Counts {
        final Map<TopologyPair, Long> m = new HashMap<>();

        void update(Node node, String key, long delta) {
            String v = node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
            if (v == null) {
                return;
            }
            m.merge(new TopologyPair(key, v), delta, (a, b) -> a + b == 0 ? null : a + b);
        }

        long get(TopologyPair p) {
            return m.getOrDefault(p, 0L);
        }

        Counts copy() {
            Counts c = new Counts();
            c.m.putAll(m);
            return c;
        }
    }

    static final class FilterState implements StateData {
        final PodInfo pod;
        final Map<String, String> nsLabels;
        Counts existingAnti = new Counts();
        Counts affinity = new Counts();
        Counts anti = new Counts();

        FilterState(PodInfo pod, Map<String, String> nsLabels) {
            this.pod = pod;
            this.nsLabels = nsLabels;
        }

        @Override
        public FilterState copy() {
            FilterState s = new FilterState(pod, nsLabels);
            s.existingAnti = existingAnti.copy();
            s.affinity = affinity.copy();
            s.anti = anti.copy();
            return s;
        }
    }

    private static boolean matchesAll(List<AffinityTerm> terms, Pod pod, Map<String, String> nsLabels) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, nsLabels)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, String> nsLabels(Pod p) {
        return lister.namespaceLabels(p.getMetadata().getNamespace());
    }

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        if (pod.requiredAffinity().isEmpty() && pod.requiredAntiAffinity().isEmpty()
                && snapshot.nodesWithRequiredAntiAffinityPods().isEmpty()) {
            return Result.of(Status.SKIP);
        }
        FilterState s = new FilterState(pod, nsLabels(pod.pod()));
        for (NodeInfo n : snapshot.nodesWithRequiredAntiAffinityPods()) {
            for (PodInfo existing : n.podsWithRequiredAntiAffinity()) {
                addExistingAnti(s, existing, n.node(), 1);
            }
        }
        if (!pod.requiredAffinity().isEmpty() || !pod.requiredAntiAffinity().isEmpty()) {
            for (NodeInfo n : snapshot.nodes()) {
                for (PodInfo existing : n.pods()) {
                    addIncoming(s, existing, n.node(), 1);
                }
            }
        }
        state.write(FILTER_KEY, s);
        return Result.of(Status.SUCCESS);
    }

    private static void addExistingAnti(FilterState s, PodInfo existing, Node node, long delta) {
        for (AffinityTerm t : existing.requiredAntiAffinity()) {
            if (t.matches(s.pod.pod(), s.nsLabels)) {
                s.existingAnti.update(node, t.topologyKey(), delta);
            }
        }
    }

    private void addIncoming(FilterState s, PodInfo existing, Node node, long delta) {
        Map<String, String> ns = nsLabels(existing.pod());
        if (matchesAll(s.pod.requiredAffinity(), existing.pod(), ns)) {
            for (AffinityTerm t : s.pod.requiredAffinity()) {
                s.affinity.update(node, t.topologyKey(), delta);
            }
        }
        for (AffinityTerm t : s.pod.requiredAntiAffinity()) {
            if (t.matches(existing.pod(), ns)) {
                s.anti.update(node, t.topologyKey(), delta);
            }
        }
    }

    @Override
    public PreFilterExtensions extensions() {
        return new PreFilterExtensions() {
            @Override
            public Status addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
                return change(state, other, node, 1);
            }

            @Override
            public Status removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
                return change(state, other, node, -1);
            }
        };
    }

    private Status change(CycleState state, PodInfo other, NodeInfo node, long delta) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        addExistingAnti(s, other, node.node(), delta);
        addIncoming(s, other, node.node(), delta);
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        if (!satisfiesAffinity(s, labels)) {
            return Status.unresolvable(AFFINITY_NOT_MATCH);
        }
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            String v = labels.get(t.topologyKey());
            if (v != null && s.anti.get(new TopologyPair(t.topologyKey(), v)) > 0) {
                return Status.unschedulable(ANTI_AFFINITY_NOT_MATCH);
            }
        }
        if (!s.existingAnti.m.isEmpty()) {
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (s.existingAnti.get(new TopologyPair(e.getKey(), e.getValue())) > 0) {
                    return Status.unschedulable(EXISTING_ANTI_AFFINITY_NOT_MATCH);
                }
            }
        }
        return Status.SUCCESS;
    }

    private static boolean satisfiesAffinity(FilterState s, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm t : s.pod.requiredAffinity()) {
            String v = labels.get(t.topologyKey());
            if (v == null) {
                return false;
            }
            if (s.affinity.get(new TopologyPair(t.topologyKey(), v)) <= 0) {
                podsExist = false;
            }
        }
        if (!podsExist) {
            // The first pod of a group with affinity to itself may go anywhere its terms' keys exist.
            return s.affinity.m.isEmpty() && matchesAll(s.pod.requiredAffinity(), s.pod.pod(), s.nsLabels);
        }
        return true;
    }

    // ---- scoring

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        if (nodes.isEmpty()) {
            return Status.SKIP;
        }
        boolean hasConstraints = !pod.preferredAffinity().isEmpty() || !pod.preferredAntiAffinity().isEmpty();
        List<NodeInfo> consider = hasConstraints ? snapshot.nodes() : snapshot.nodesWithAffinityPods();
        Map<String, String> incomingNs = nsLabels(pod.pod());
        Map<String, Map<String, Long>> topo = new HashMap<>();
        for (NodeInfo n : consider) {
            Map<String, String> labels = n.labels();
            if (labels.isEmpty()) {
                continue;
            }
            for (PodInfo existing : hasConstraints ? n.pods() : n.podsWithAffinity()) {
                Map<String, String> existingNs = nsLabels(existing.pod());
                process(topo, pod.preferredAffinity(), existing.pod(), existingNs, labels, 1);
                process(topo, pod.preferredAntiAffinity(), existing.pod(), existingNs, labels, -1);
                if (hardPodAffinityWeight > 0) {
                    for (AffinityTerm t : existing.requiredAffinity()) {
                        add(topo, t, hardPodAffinityWeight, pod.pod(), incomingNs, labels);
                    }
                }
                process(topo, existing.preferredAffinity(), pod.pod(), incomingNs, labels, 1);
                process(topo, existing.preferredAntiAffinity(), pod.pod(), incomingNs, labels, -1);
            }
        }
        if (topo.isEmpty()) {
            return Status.SKIP;
        }
        state.write(SCORE_KEY, topo);
        return Status.SUCCESS;
    }

    private static void process(Map<String, Map<String, Long>> topo, List<AffinityTerm> terms, Pod pod,
                                Map<String, String> nsLabels, Map<String, String> nodeLabels, int sign) {
        for (AffinityTerm t : terms) {
            add(topo, t, (long) t.weight() * sign, pod, nsLabels, nodeLabels);
        }
    }

    private static void add(Map<String, Map<String, Long>> topo, AffinityTerm t, long weight, Pod pod,
                            Map<String, String> nsLabels, Map<String, String> nodeLabels) {
        if (!t.matches(pod, nsLabels)) {
            return;
        }
        String v = nodeLabels.get(t.topologyKey());
        if (v != null) {
            topo.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(v, weight, Long::sum);
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, Map<String, Long>> topo = state.read(SCORE_KEY);
        if (topo == null) {
            return 0;
        }
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> e : topo.entrySet()) {
            String v = node.labels().get(e.getKey());
            if (v != null) {
                score += e.getValue().getOrDefault(v, 0L);
            }
        }
        return score;
    }

    @Override
    public Status normalize(CycleState state, PodInfo pod, String[] nodeNames, long[] scores) {
        Map<String, Map<String, Long>> topo = state.read(SCORE_KEY);
        if (topo == null || topo.isEmpty()) {
            return Status.SUCCESS;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (MAX_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.ASSIGNED_POD, Action.ADD, Action.DELETE, Action.UPDATE_POD_LABEL),
                ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_LABEL));
    }
}
