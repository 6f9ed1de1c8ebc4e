package dev.jube.scheduler.framework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugins of one profile sorted by extension point, and the rules for running them: filters
 * stop at the first rejection, scores are normalized and weighted, reserve is undone in reverse.
 */
public final class Framework {

    private static final String SKIP_FILTER = "framework/skip-filter";
    private static final String SKIP_SCORE = "framework/skip-score";

    private final String profileName;
    private final List<Plugin> plugins;
    private final Map<String, Integer> weights;
    private final QueueSortPlugin queueSort;
    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<PostFilterPlugin> postFilters = new ArrayList<>();
    private final List<PreScorePlugin> preScores = new ArrayList<>();
    private final List<ScorePlugin> scores = new ArrayList<>();
    private final List<ReservePlugin> reserves = new ArrayList<>();
    private final List<PermitPlugin> permits = new ArrayList<>();
    private final List<PreBindPlugin> preBinds = new ArrayList<>();
    private final List<BindPlugin> binds = new ArrayList<>();
    private final List<PostBindPlugin> postBinds = new ArrayList<>();
    private final Map<String, List<ClusterEvent>> events = new LinkedHashMap<>();
    private final Map<String, WaitingPod> waiting = new ConcurrentHashMap<>();
    private final Nominator nominator;

    public Framework(String profileName, List<Plugin> plugins, Map<String, Integer> weights) {
        this(profileName, plugins, weights, new Nominator());
    }

    public Framework(String profileName, List<Plugin> plugins, Map<String, Integer> weights, Nominator nominator) {
        this.profileName = profileName;
        this.nominator = nominator;
        this.plugins = List.copyOf(plugins);
        this.weights = Map.copyOf(weights);
        QueueSortPlugin sort = null;
        for (Plugin p : plugins) {
            if (p instanceof QueueSortPlugin q) {
                if (sort != null) {
                    throw new IllegalArgumentException("profile " + profileName + " has more than one queue sort plugin");
                }
                sort = q;
            }
            if (p instanceof PreFilterPlugin x) preFilters.add(x);
            if (p instanceof FilterPlugin x) filters.add(x);
            if (p instanceof PostFilterPlugin x) postFilters.add(x);
            if (p instanceof PreScorePlugin x) preScores.add(x);
            if (p instanceof ScorePlugin x) {
                if (weights.getOrDefault(p.name(), 0) <= 0) {
                    throw new IllegalArgumentException("profile " + profileName + ": score plugin " + p.name()
                            + " needs a positive weight");
                }
                scores.add(x);
            }
            if (p instanceof ReservePlugin x) reserves.add(x);
            if (p instanceof PermitPlugin x) permits.add(x);
            if (p instanceof PreBindPlugin x) preBinds.add(x);
            if (p instanceof BindPlugin x) binds.add(x);
            if (p instanceof PostBindPlugin x) postBinds.add(x);
            if (p instanceof EnqueueExtensions x) events.put(p.name(), List.copyOf(x.eventsToRegister()));
        }
        if (sort == null) {
            throw new IllegalArgumentException("profile " + profileName + " has no queue sort plugin");
        }
        if (binds.isEmpty()) {
            throw new IllegalArgumentException("profile " + profileName + " has no bind plugin");
        }
        this.queueSort = sort;
        for (Plugin p : plugins) {
            if (p instanceof FrameworkAware a) {
                a.framework(this);
            }
        }
    }

    public String profileName() {
        return profileName;
    }

    public List<Plugin> plugins() {
        return plugins;
    }

    public QueueSortPlugin queueSort() {
        return queueSort;
    }

    public boolean hasPostFilter() {
        return !postFilters.isEmpty();
    }

    /** Plugin name to the cluster events that may undo its rejections. */
    public Map<String, List<ClusterEvent>> eventsToRegister() {
        return events;
    }

    public Nominator nominator() {
        return nominator;
    }

    public List<PreFilterPlugin> preFilterPlugins() {
        return preFilters;
    }

    // ---- PreFilter and Filter

    /** The PreFilter verdict, the nodes left to consider (null: all) and the plugins that rejected the pod. */
    public record PreFilterOutcome(Status status, Set<String> nodeNames, Set<String> rejectors,
                                   java.util.SortedSet<String> narrowedBy) {}

    public PreFilterOutcome runPreFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Set<String> skip = new HashSet<>();
        Set<String> nodes = null;
        List<String> narrowing = new ArrayList<>();
        for (PreFilterPlugin p : preFilters) {
            PreFilterPlugin.Result r;
            try {
                r = p.preFilter(state, pod, snapshot);
            } catch (RuntimeException e) {
                r = PreFilterPlugin.Result.of(Status.error(e));
            }
            Status s = r.status().withPlugin(p.name());
            if (s.isSkip()) {
                skip.add(p.name());
                continue;
            }
            if (!s.isSuccess()) {
                if (s.isRejected()) {
                    return new PreFilterOutcome(s, null, Set.of(p.name()), new TreeSet<>());
                }
                return new PreFilterOutcome(new Status(Code.ERROR, List.of("running PreFilter plugin \"" + p.name()
                        + "\": " + s.message()), p.name()), null, Set.of(), new TreeSet<>());
            }
            if (r.nodeNames() != null) {
                narrowing.add(p.name());
                if (nodes == null) {
                    nodes = new HashSet<>(r.nodeNames());
                } else {
                    nodes.retainAll(r.nodeNames());
                }
                if (nodes.isEmpty()) {
                    Status none = new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of("node(s) didn't satisfy plugin(s) "
                            + narrowing + (narrowing.size() > 1 ? " simultaneously" : "")), null);
                    return new PreFilterOutcome(none, Set.of(), new TreeSet<>(narrowing), new TreeSet<>(narrowing));
                }
            }
        }
        state.write(SKIP_FILTER, skip);
        // The filters run for every node: decide once which of them this cycle runs.
        List<FilterPlugin> active = new ArrayList<>();
        for (FilterPlugin f : filters) {
            if (!skip.contains(f.name())) {
                active.add(f);
            }
        }
        state.activeFilters(active);
        return new PreFilterOutcome(Status.SUCCESS, nodes, Set.of(), new TreeSet<>(narrowing));
    }

    /** Runs the filters on one node, stopping at the first that does not pass. */
    public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        List<FilterPlugin> active = state.activeFilters();
        for (FilterPlugin p : active == null ? filters : active) {
            Status s;
            try {
                s = p.filter(state, pod, node);
            } catch (RuntimeException e) {
                s = Status.error(e);
            }
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    return new Status(Code.ERROR, List.of("running \"" + p.name() + "\" filter plugin: " + s.message()),
                            p.name());
                }
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Upstream's RunFilterPluginsWithNominatedPods: the filters run with the pods nominated to the
     * node that are at least as important as {@code pod} counted there, and, when that passes,
     * once more without them (a nominated pod may never arrive, so the pod must fit either way,
     * e.g. for anti-affinity with a nominated pod).
     */
    public Status runFiltersWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node) {
        if (nominator.isEmpty()) {
            return runFilters(state, pod, node);
        }
        List<PodInfo> nominated = nominator.podsOn(node.name());
        NodeInfo withNominated = null;
        CycleState stateWithNominated = null;
        int priority = priority(pod);
        for (PodInfo p : nominated) {
            if (p.uid().equals(pod.uid()) || priority(p) < priority) {
                continue;
            }
            if (withNominated == null) {
                withNominated = node.copy();
                stateWithNominated = state.copy();
            }
            withNominated.addPod(p);
            Status s = runPreFilterExtensionAddPod(stateWithNominated, pod, p, withNominated);
            if (!s.isSuccess()) {
                return s;
            }
        }
        if (withNominated != null) {
            Status s = runFilters(stateWithNominated, pod, withNominated);
            if (!s.isSuccess()) {
                return s;
            }
        }
        return runFilters(state, pod, node);
    }

    /** The pod's spec.priority (0 when unset). */
    public static int priority(PodInfo p) {
        Integer v = p.pod().getSpec().getPriority();
        return v == null ? 0 : v;
    }

    /** Tells the PreFilter plugins that keep per-pod state that {@code other} now counts on {@code node}. */
    public Status runPreFilterExtensionAddPod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
        Set<String> skip = state.read(SKIP_FILTER);
        for (PreFilterPlugin p : preFilters) {
            PreFilterPlugin.PreFilterExtensions x = p.extensions();
            if (x == null || (skip != null && skip.contains(p.name()))) {
                continue;
            }
            Status s = x.addPod(state, pod, other, node);
            if (!s.isSuccess()) {
                return new Status(Code.ERROR, List.of("running AddPod on PreFilter plugin \"" + p.name() + "\": "
                        + s.message()), p.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Tells the PreFilter plugins that keep per-pod state that {@code other} no longer counts on {@code node}. */
    public Status runPreFilterExtensionRemovePod(CycleState state, PodInfo pod, PodInfo other, NodeInfo node) {
        Set<String> skip = state.read(SKIP_FILTER);
        for (PreFilterPlugin p : preFilters) {
            PreFilterPlugin.PreFilterExtensions x = p.extensions();
            if (x == null || (skip != null && skip.contains(p.name()))) {
                continue;
            }
            Status s = x.removePod(state, pod, other, node);
            if (!s.isSuccess()) {
                return new Status(Code.ERROR, List.of("running RemovePod on PreFilter plugin \"" + p.name() + "\": "
                        + s.message()), p.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Runs the PostFilter plugins until one succeeds or says nothing can help. */
    public PostFilterPlugin.Result runPostFilter(CycleState state, PodInfo pod, Map<String, Status> statuses,
                                                 Snapshot snapshot) {
        PostFilterPlugin.Result last = new PostFilterPlugin.Result(Status.unschedulable(), null);
        List<String> reasons = new ArrayList<>();
        for (PostFilterPlugin p : postFilters) {
            PostFilterPlugin.Result r;
            try {
                r = p.postFilter(state, pod, statuses, snapshot);
            } catch (RuntimeException e) {
                r = new PostFilterPlugin.Result(Status.error(e), null);
            }
            Status s = r.status().withPlugin(p.name());
            if (s.isSuccess() || s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE || s.code() == Code.ERROR) {
                return new PostFilterPlugin.Result(s, r.nominatedNode(), r.victims());
            }
            reasons.addAll(s.reasons());
            last = new PostFilterPlugin.Result(new Status(s.code(), reasons, p.name()), r.nominatedNode());
        }
        return last;
    }

    // ---- PreScore and Score

    public Status runPreScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        Set<String> skip = new HashSet<>();
        for (PreScorePlugin p : preScores) {
            Status s;
            try {
                s = p.preScore(state, pod, nodes, snapshot);
            } catch (RuntimeException e) {
                s = Status.error(e);
            }
            if (s.isSkip()) {
                skip.add(p.name());
            } else if (!s.isSuccess()) {
                return new Status(Code.ERROR, List.of("running PreScore plugin \"" + p.name() + "\": " + s.message()),
                        p.name());
            }
        }
        state.write(SKIP_SCORE, skip);
        return Status.SUCCESS;
    }

    /** The weighted total score of each node, plus each plugin's normalized scores (for logs and tests). */
    public record Scores(long[] totals, Map<String, long[]> byPlugin) {}

    public Scores runScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Parallelizer parallel) {
        Set<String> skip = state.read(SKIP_SCORE);
        List<ScorePlugin> active = new ArrayList<>();
        for (ScorePlugin p : scores) {
            if (skip == null || !skip.contains(p.name())) {
                active.add(p);
            }
        }
        int n = nodes.size();
        long[][] raw = new long[active.size()][n];
        parallel.forEach(n, i -> {
            for (int j = 0; j < active.size(); j++) {
                raw[j][i] = active.get(j).score(state, pod, nodes.get(i));
            }
        });
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = nodes.get(i).name();
        }
        long[] totals = new long[n];
        Map<String, long[]> byPlugin = new HashMap<>();
        for (int j = 0; j < active.size(); j++) {
            ScorePlugin p = active.get(j);
            Status s = p.normalize(state, pod, names, raw[j]);
            if (!s.isSuccess()) {
                throw new IllegalStateException("running NormalizeScore of plugin \"" + p.name() + "\": " + s.message());
            }
            int weight = weights.getOrDefault(p.name(), 1);
            for (int i = 0; i < n; i++) {
                long v = raw[j][i];
                if (v < 0 || v > ScorePlugin.MAX_SCORE) {
                    throw new IllegalStateException("plugin \"" + p.name() + "\" returns an invalid score " + v
                            + ", it should be in the range of [0, " + ScorePlugin.MAX_SCORE + "] after normalizing");
                }
                totals[i] += v * weight;
            }
            byPlugin.put(p.name(), raw[j]);
        }
        return new Scores(totals, byPlugin);
    }

    // ---- Reserve, Permit, PreBind, Bind, PostBind

    public Status runReserve(CycleState state, PodInfo pod, String node) {
        for (ReservePlugin p : reserves) {
            Status s;
            try {
                s = p.reserve(state, pod, node);
            } catch (RuntimeException e) {
                s = Status.error(e);
            }
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Undoes Reserve in reverse order; every plugin is told, whether or not its reserve ran. */
    public void runUnreserve(CycleState state, PodInfo pod, String node) {
        for (int i = reserves.size() - 1; i >= 0; i--) {
            try {
                reserves.get(i).unreserve(state, pod, node);
            } catch (RuntimeException e) {
                // Unreserve is best effort; one failing plugin must not stop the others.
            }
        }
    }

    /** SUCCESS, a rejection, or WAIT when some plugin parked the pod (see {@link #waitOnPermit}). */
    public Status runPermit(CycleState state, PodInfo pod, String node) {
        Map<String, Duration> waits = new LinkedHashMap<>();
        for (PermitPlugin p : permits) {
            PermitPlugin.Result r = p.permit(state, pod, node);
            Status s = r.status().withPlugin(p.name());
            if (s.code() == Code.WAIT) {
                waits.put(p.name(), r.timeout());
            } else if (!s.isSuccess()) {
                return s;
            }
        }
        if (!waits.isEmpty()) {
            waiting.put(pod.uid(), new WaitingPod(pod, waits));
            return Status.of(Code.WAIT);
        }
        return Status.SUCCESS;
    }

    /** Blocks until a parked pod is allowed or rejected; SUCCESS at once when it is not parked. */
    public Status waitOnPermit(PodInfo pod) throws InterruptedException {
        WaitingPod w = waiting.get(pod.uid());
        if (w == null) {
            return Status.SUCCESS;
        }
        try {
            return w.await();
        } finally {
            waiting.remove(pod.uid());
        }
    }

    /** The parked pod with {@code uid}, for plugins that allow or reject it. */
    public WaitingPod waitingPod(String uid) {
        return waiting.get(uid);
    }

    public Status runPreBind(CycleState state, PodInfo pod, String node) {
        for (PreBindPlugin p : preBinds) {
            Status s;
            try {
                s = p.preBind(state, pod, node);
            } catch (RuntimeException e) {
                s = Status.error(e);
            }
            if (!s.isSuccess() && !s.isSkip()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }

    public Status runBind(CycleState state, PodInfo pod, String node) {
        for (BindPlugin p : binds) {
            Status s;
            try {
                s = p.bind(state, pod, node);
            } catch (RuntimeException e) {
                s = Status.error(e);
            }
            if (!s.isSkip()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.error("no bind plugin bound pod " + pod);
    }

    public void runPostBind(CycleState state, PodInfo pod, String node) {
        for (PostBindPlugin p : postBinds) {
            try {
                p.postBind(state, pod, node);
            } catch (RuntimeException e) {
                // Informational only.
            }
        }
    }
}
