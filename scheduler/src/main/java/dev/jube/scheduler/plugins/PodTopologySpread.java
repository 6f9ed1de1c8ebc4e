package dev.jube.scheduler.plugins;

import dev.jube.api.selector.Tolerations;
import dev.jube.api.selector.NodeSelectors;
import dev.jube.api.selector.LabelSelector;
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
import dev.jube.scheduler.framework.Selectors;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.StateData;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spreads matching pods evenly across topology domains. DoNotSchedule constraints filter (skew
 * at most maxSkew, counting domains below minDomains as empty); ScheduleAnyway constraints, or the
 * cluster defaults for pods without constraints, score.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = "PodTopologySpread";
    public static final String CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String NODE_LABEL_NOT_MATCH = CONSTRAINTS_NOT_MATCH + " (missing required label)";
    public static final String HOSTNAME = "kubernetes.io/hostname";
    public static final String ZONE = "topology.kubernetes.io/zone";

    private static final String FILTER_KEY = "PreFilter" + NAME;
    private static final String SCORE_KEY = "PreScore" + NAME;

    /** A default constraint (no selector: it counts the pods of the same Services and controllers). */
    public record DefaultConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable) {}

    /** Upstream's system defaults: spread over hosts (skew 3) and zones (skew 5), both soft. */
    public static final List<DefaultConstraint> SYSTEM_DEFAULTS = List.of(
            new DefaultConstraint(3, HOSTNAME, "ScheduleAnyway"),
            new DefaultConstraint(5, ZONE, "ScheduleAnyway"));

    /** The arguments: the defaults for pods without constraints, and whether they are the system's. */
    public record Args(List<DefaultConstraint> defaults, boolean systemDefaulting) {
        public static Args system() {
            return new Args(SYSTEM_DEFAULTS, true);
        }
    }

    record Constraint(int maxSkew, String topologyKey, LabelSelector selector, Integer minDomains,
                      boolean honorAffinity, boolean honorTaints) {

        boolean includes(Pod pod, Node node) {
            if (honorAffinity && !NodeSelectors.requiredMatches(pod, node)) {
                return false;
            }
            if (honorTaints) {
                var taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.<io.fabric8.kubernetes.api.model.Taint>of()
                        : node.getSpec().getTaints();
                return Tolerations.firstUntolerated(taints, pod.getSpec().getTolerations(),
                        Set.of("NoSchedule", "NoExecute")) == null;
            }
            return true;
        }
    }

    private final ClusterLister lister;
    private final Args args;
    private final SpreadCounts spreadCounts = new SpreadCounts();

    public PodTopologySpread(ClusterLister lister, Args args) {
        this.lister = lister == null ? ClusterLister.EMPTY : lister;
        this.args = args == null ? Args.system() : args;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's constraints of one kind, or the defaults when it declares none. */
    List<Constraint> constraints(Pod pod, String whenUnsatisfiable) {
        List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
        List<Constraint> out = new ArrayList<>();
        if (own != null && !own.isEmpty()) {
            for (TopologySpreadConstraint c : own) {
                if (!whenUnsatisfiable.equals(c.getWhenUnsatisfiable())) {
                    continue;
                }
                LabelSelector sel = Selectors.of(c.getLabelSelector(), Selectors.labels(pod), c.getMatchLabelKeys(),
                        null);
                out.add(new Constraint(c.getMaxSkew(), c.getTopologyKey(), sel,
                        "DoNotSchedule".equals(whenUnsatisfiable) ? c.getMinDomains() : null,
                        !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
            }
            return out;
        }
        List<DefaultConstraint> defaults = args.defaults();
        if (defaults.stream().noneMatch(d -> d.whenUnsatisfiable().equals(whenUnsatisfiable))) {
            return out;
        }
        LabelSelector sel = lister.defaultSelector(pod);
        if (sel.isNothing() || sel.isEverything()) {
            return out;
        }
        for (DefaultConstraint d : defaults) {
            if (d.whenUnsatisfiable().equals(whenUnsatisfiable)) {
                out.add(new Constraint(d.maxSkew(), d.topologyKey(), sel, null, true, false));
            }
        }
        return out;
    }

    static boolean hasAllKeys(Map<String, String> labels, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!labels.containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    static int countMatching(List<PodInfo> pods, LabelSelector selector, String namespace) {
        int n = 0;
        for (PodInfo p : pods) {
            if (p.pod().getMetadata().getDeletionTimestamp() != null || !namespace.equals(p.namespace())) {
                continue;
            }
            if (selector.matches(Selectors.labels(p.pod()))) {
                n++;
            }
        }
        return n;
    }

    // ---- filtering

    static final class FilterState implements StateData {
        final List<Constraint> constraints;
        Map<TopologyPair, Integer> matchNum = new HashMap<>();

        FilterState(List<Constraint> constraints) {
            this.constraints = constraints;
        }

        private volatile Map<String, Integer> minByKey;
        private volatile Map<String, Integer> domainsByKey;

        /** The smallest match count among the domains of {@code key} (MAX_VALUE when there are none). */
        int minMatch(String key) {
            summarize();
            return minByKey.getOrDefault(key, Integer.MAX_VALUE);
        }

        int domains(String key) {
            summarize();
            return domainsByKey.getOrDefault(key, 0);
        }

        private synchronized void summarize() {
            if (minByKey != null) {
                return;
            }
            Map<String, Integer> min = new HashMap<>();
            Map<String, Integer> domains = new HashMap<>();
            for (Map.Entry<TopologyPair, Integer> e : matchNum.entrySet()) {
                min.merge(e.getKey().key(), e.getValue(), Math::min);
                domains.merge(e.getKey().key(), 1, Integer::sum);
            }
            domainsByKey = domains;
            minByKey = min;
        }

        void changed() {
            minByKey = null;
        }

        @Override
        public FilterState copy() {
            FilterState s = new FilterState(constraints);
            s.matchNum = new HashMap<>(matchNum);
            return s;
        }
    }

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Constraint> constraints;
        try {
            constraints = constraints(pod.pod(), "DoNotSchedule");
        } catch (IllegalArgumentException e) {
            return Result.of(Status.error(e));
        }
        if (constraints.isEmpty()) {
            return Result.of(Status.SKIP);
        }
        // Every node is walked for every pod, as upstream's PreFilter does; what it needs of each
        // node is kept by position (SpreadCounts), and the node-inclusion policy is skipped where
        // it passes every node.
        int k = constraints.size();
        List<NodeInfo> nodes = snapshot.nodes();
        boolean noNodeRequirements = !NodeSelectors.hasRequirements(pod.pod());
        SpreadCounts.Domains[] domains = new SpreadCounts.Domains[k];
        int[][] counts = new int[k][];
        int[][] sums = new int[k][];
        boolean[][] eligible = new boolean[k][];
        boolean[] everywhere = new boolean[k];
        for (int i = 0; i < k; i++) {
            Constraint c = constraints.get(i);
            domains[i] = spreadCounts.domains(snapshot, c.topologyKey());
            counts[i] = spreadCounts.counts(snapshot, c.selector(), pod.namespace());
            sums[i] = new int[domains[i].names().length];
            eligible[i] = new boolean[domains[i].names().length];
            everywhere[i] = !c.honorTaints() && (!c.honorAffinity() || noNodeRequirements);
        }
        nodes:
        for (int j = 0; j < nodes.size(); j++) {
            for (int i = 0; i < k; i++) {
                if (domains[i].of()[j] < 0) {
                    continue nodes;
                }
            }
            for (int i = 0; i < k; i++) {
                if (!everywhere[i] && !constraints.get(i).includes(pod.pod(), nodes.get(j).node())) {
                    continue;
                }
                int domain = domains[i].of()[j];
                sums[i][domain] += counts[i][j];
                eligible[i][domain] = true;
            }
        }
        FilterState s = new FilterState(constraints);
        for (int i = 0; i < k; i++) {
            for (int domain = 0; domain < sums[i].length; domain++) {
                if (eligible[i][domain]) {
                    s.matchNum.merge(new TopologyPair(constraints.get(i).topologyKey(), domains[i].names()[domain]),
                            sums[i][domain], Integer::sum);
                }
            }
        }
        state.write(FILTER_KEY, s);
        return Result.of(Status.SUCCESS);
    }

    @Override
    public PreFilterExtensions extensions() {
        return new PreFilterExtensions() {
            @Override
            public Status addPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
                return change(state, pod, other, node, 1);
            }

            @Override
            public Status removePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
                return change(state, pod, other, node, -1);
            }
        };
    }

    private Status change(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int delta) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null || !other.namespace().equals(pod.namespace())) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        if (!hasAllKeys(labels, s.constraints)) {
            return Status.SUCCESS;
        }
        for (Constraint c : s.constraints) {
            if (c.includes(pod.pod(), node.node()) && c.selector().matches(Selectors.labels(other.pod()))) {
                s.matchNum.merge(new TopologyPair(c.topologyKey(), labels.get(c.topologyKey())), delta, Integer::sum);
            }
        }
        s.changed();
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null || s.constraints.isEmpty()) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        Map<String, String> podLabels = Selectors.labels(pod.pod());
        for (Constraint c : s.constraints) {
            String value = labels.get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(NODE_LABEL_NOT_MATCH);
            }
            long min = s.minMatch(c.topologyKey());
            if (c.minDomains() != null && s.domains(c.topologyKey()) < c.minDomains()) {
                min = 0;
            }
            int self = c.selector().matches(podLabels) ? 1 : 0;
            int match = s.matchNum.getOrDefault(new TopologyPair(c.topologyKey(), value), 0);
            long skew = (long) match + self - min;
            if (skew > c.maxSkew()) {
                return Status.unschedulable(CONSTRAINTS_NOT_MATCH);
            }
        }
        return Status.SUCCESS;
    }

    // ---- scoring

    static final class ScoreState {
        final List<Constraint> constraints;
        final Set<String> ignored = new HashSet<>();
        final Map<TopologyPair, long[]> counts = new HashMap<>();
        /** Matching pods on each candidate node, per constraint (filled for hostname constraints). */
        final Map<String, int[]> onNode = new HashMap<>();
        final double[] weights;

        ScoreState(List<Constraint> constraints) {
            this.constraints = constraints;
            this.weights = new double[constraints.size()];
        }
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        if (nodes.isEmpty()) {
            return Status.SKIP;
        }
        List<Constraint> constraints;
        try {
            constraints = constraints(pod.pod(), "ScheduleAnyway");
        } catch (IllegalArgumentException e) {
            return Status.error(e);
        }
        if (constraints.isEmpty()) {
            return Status.SKIP;
        }
        List<TopologySpreadConstraint> own = pod.pod().getSpec().getTopologySpreadConstraints();
        boolean requireAll = (own != null && !own.isEmpty()) || !args.systemDefaulting();
        ScoreState s = new ScoreState(constraints);
        int[] sizes = new int[constraints.size()];
        for (NodeInfo n : nodes) {
            Map<String, String> labels = n.labels();
            if (requireAll && !hasAllKeys(labels, constraints)) {
                s.ignored.add(n.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.topologyKey().equals(HOSTNAME)) {
                    continue;
                }
                TopologyPair pair = new TopologyPair(c.topologyKey(), labels.getOrDefault(c.topologyKey(), ""));
                if (!s.counts.containsKey(pair)) {
                    s.counts.put(pair, new long[1]);
                    sizes[i]++;
                }
            }
        }
        for (int i = 0; i < constraints.size(); i++) {
            int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? nodes.size() - s.ignored.size() : sizes[i];
            s.weights[i] = Math.log(size + 2);
        }
        int[][] known = new int[constraints.size()][];
        for (int i = 0; i < constraints.size(); i++) {
            known[i] = spreadCounts.counts(snapshot, constraints.get(i).selector(), pod.namespace());
        }
        List<NodeInfo> all = snapshot.nodes();
        for (int j = 0; j < all.size(); j++) {
            NodeInfo n = all.get(j);
            Map<String, String> labels = n.labels();
            if (requireAll && !hasAllKeys(labels, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (c.topologyKey().equals(HOSTNAME) || !c.includes(pod.pod(), n.node())) {
                    continue;
                }
                long[] count = s.counts.get(new TopologyPair(c.topologyKey(), labels.getOrDefault(c.topologyKey(), "")));
                if (count == null) {
                    continue;
                }
                count[0] += known[i][j];
            }
        }
        // Hostname domains are single nodes: count the candidates here, so Score (run in parallel) only reads.
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            if (!c.topologyKey().equals(HOSTNAME)) {
                continue;
            }
            for (NodeInfo n : nodes) {
                s.onNode.computeIfAbsent(n.name(), x -> new int[constraints.size()])[i] =
                        known[i][snapshot.indexOf(n.name())];
            }
        }
        state.write(SCORE_KEY, s);
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState s = state.read(SCORE_KEY);
        if (s == null || s.ignored.contains(node.name())) {
            return 0;
        }
        Map<String, String> labels = node.labels();
        double score = 0;
        for (int i = 0; i < s.constraints.size(); i++) {
            Constraint c = s.constraints.get(i);
            String v = labels.get(c.topologyKey());
            if (v == null) {
                continue;
            }
            long cnt;
            if (c.topologyKey().equals(HOSTNAME)) {
                int[] onNode = s.onNode.get(node.name());
                cnt = onNode == null ? countMatching(node.pods(), c.selector(), pod.namespace()) : onNode[i];
            } else {
                long[] count = s.counts.get(new TopologyPair(c.topologyKey(), v));
                cnt = count == null ? 0 : count[0];
            }
            score += cnt * s.weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public Status normalize(CycleState state, PodInfo pod, String[] nodeNames, long[] scores) {
        ScoreState s = state.read(SCORE_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored.contains(nodeNames[i])) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored.contains(nodeNames[i])) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_SCORE;
            } else {
                scores[i] = MAX_SCORE * (max + min - scores[i]) / max;
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.ASSIGNED_POD, Action.ADD, Action.DELETE, Action.UPDATE_POD_LABEL),
                ClusterEvent.of(Kind.NODE, Action.ADD, Action.DELETE, Action.UPDATE_NODE_LABEL, Action.UPDATE_NODE_TAINT));
    }
}
