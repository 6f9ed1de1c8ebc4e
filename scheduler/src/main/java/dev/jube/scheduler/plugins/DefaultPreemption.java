package dev.jube.scheduler.plugins;

import dev.jube.api.selector.LabelSelector;
import dev.jube.scheduler.FitError;
import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.FrameworkAware;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PostFilterPlugin;
import dev.jube.scheduler.framework.Selectors;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Upstream's DefaultPreemption: when no node fits a pod, find nodes where evicting pods of lower
 * priority makes it fit (the filters run against a copy of the node with the victims removed),
 * keep as many of those pods as still lets it fit (most important first, PodDisruptionBudgets
 * respected where possible), and pick the node whose eviction hurts least. The scheduler then
 * nominates the node and evicts the victims.
 */
public final class DefaultPreemption implements PostFilterPlugin, FrameworkAware {

    public static final String NAME = "DefaultPreemption";
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final int MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    static final int MIN_CANDIDATE_NODES_ABSOLUTE = 100;

    private final ClusterLister lister;
    private Framework framework;

    public DefaultPreemption(ClusterLister lister) {
        this.lister = lister;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void framework(Framework f) {
        this.framework = f;
    }

    /** The pods to evict on one node and how many of them a PodDisruptionBudget wanted kept. */
    public record Candidate(String node, List<PodInfo> victims, int pdbViolations) {}

    @Override
    public Result postFilter(CycleState state, PodInfo pod, Map<String, Status> filteredNodeStatus, Snapshot snapshot) {
        String notEligible = notEligible(pod, filteredNodeStatus, snapshot);
        if (notEligible != null) {
            return new Result(Status.unschedulable("preemption: " + notEligible), null);
        }
        Map<String, Status> statuses = new HashMap<>();
        List<Candidate> candidates = findCandidates(state, pod, filteredNodeStatus, snapshot, statuses);
        if (candidates.isEmpty()) {
            // "" clears an earlier nomination: that node no longer helps.
            return new Result(Status.unschedulable("preemption: " + FitError.message(statuses.size(), statuses, null,
                    null)), "");
        }
        Candidate best = pickOne(candidates);
        return new Result(Status.SUCCESS, best.node(), best.victims());
    }

    /** Upstream's PodEligibleToPreemptOthers: why the pod may not preempt, or null. */
    String notEligible(PodInfo pod, Map<String, Status> statuses, Snapshot snapshot) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return "not eligible due to preemptionPolicy=Never.";
        }
        String nominated = framework.nominator().nodeOf(pod.uid());
        if (nominated == null && pod.pod().getStatus() != null) {
            nominated = pod.pod().getStatus().getNominatedNodeName();
        }
        NodeInfo node = nominated == null || nominated.isEmpty() ? null : snapshot.get(nominated);
        if (node == null) {
            return null;
        }
        Status s = statuses.get(nominated);
        if (s != null && s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return null;
        }
        // Victims of an earlier preemption are still terminating: wait for them instead of evicting more.
        int priority = Framework.priority(pod);
        for (PodInfo p : node.pods()) {
            if (p.pod().getMetadata().getDeletionTimestamp() != null && Framework.priority(p) < priority) {
                return "not eligible due to a terminating pod on the nominated node.";
            }
        }
        return null;
    }

    /**
     * Dry runs on the nodes where preemption may help, from a random offset, until enough
     * candidates are found (10% of the nodes, at least 100) with one that violates no budget.
     */
    List<Candidate> findCandidates(CycleState state, PodInfo pod, Map<String, Status> filtered, Snapshot snapshot,
                                   Map<String, Status> statuses) {
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo n : snapshot.nodes()) {
            Status s = filtered.get(n.name());
            if (s != null && s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                statuses.put(n.name(), Status.unresolvable(NOT_HELPFUL));
            } else {
                potential.add(n);
            }
        }
        List<Candidate> violating = new ArrayList<>();
        List<Candidate> nonViolating = new ArrayList<>();
        if (potential.isEmpty()) {
            return List.of();
        }
        List<PodDisruptionBudget> pdbs = lister.pdbs();
        int n = potential.size();
        int wanted = Math.min(n, Math.max(n * MIN_CANDIDATE_NODES_PERCENTAGE / 100, MIN_CANDIDATE_NODES_ABSOLUTE));
        int offset = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            NodeInfo node = potential.get((offset + i) % n);
            Victims v = selectVictimsOnNode(state.copy(), pod, node.copy(), pdbs);
            if (!v.status().isSuccess()) {
                statuses.put(node.name(), v.status());
                continue;
            }
            Candidate c = new Candidate(node.name(), v.pods(), v.pdbViolations());
            (c.pdbViolations() == 0 ? nonViolating : violating).add(c);
            if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= wanted) {
                break;
            }
        }
        List<Candidate> all = new ArrayList<>(nonViolating);
        all.addAll(violating);
        return all;
    }

    /** The victims on one node, how many of them violate a budget, or why there are none. */
    record Victims(Status status, List<PodInfo> pods, int pdbViolations) {}

    /**
     * Upstream's SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, add
     * them back one by one, most important first (budget-protected ones before the rest), keeping
     * each that still lets the pod fit. The pods that could not be kept are the victims.
     * {@code node} and {@code state} are copies this method changes.
     */
    Victims selectVictimsOnNode(CycleState state, PodInfo pod, NodeInfo node, List<PodDisruptionBudget> pdbs) {
        int priority = Framework.priority(pod);
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : List.copyOf(node.pods())) {
            if (Framework.priority(p) < priority) {
                potential.add(p);
                node.removePod(p.uid());
                Status s = framework.runPreFilterExtensionRemovePod(state, pod, p, node);
                if (!s.isSuccess()) {
                    return new Victims(s, List.of(), 0);
                }
            }
        }
        if (potential.isEmpty()) {
            return new Victims(Status.unresolvable(NO_VICTIMS), List.of(), 0);
        }
        Status fits = framework.runFiltersWithNominatedPods(state, pod, node);
        if (!fits.isSuccess()) {
            return new Victims(fits, List.of(), 0);
        }
        potential.sort(MORE_IMPORTANT);
        List<PodInfo> violatingPods = new ArrayList<>();
        List<PodInfo> nonViolatingPods = new ArrayList<>();
        splitByBudget(potential, pdbs, violatingPods, nonViolatingPods);
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        for (PodInfo p : violatingPods) {
            if (!reprieve(state, pod, node, p)) {
                victims.add(p);
                violations++;
            }
        }
        for (PodInfo p : nonViolatingPods) {
            if (!reprieve(state, pod, node, p)) {
                victims.add(p);
            }
        }
        victims.sort(MORE_IMPORTANT);
        return new Victims(Status.SUCCESS, victims, violations);
    }

    /** Puts {@code p} back on the node; true when the pod still fits (p is spared), else takes it off again. */
    private boolean reprieve(CycleState state, PodInfo pod, NodeInfo node, PodInfo p) {
        node.addPod(p);
        framework.runPreFilterExtensionAddPod(state, pod, p, node);
        if (framework.runFiltersWithNominatedPods(state, pod, node).isSuccess()) {
            return true;
        }
        node.removePod(p.uid());
        framework.runPreFilterExtensionRemovePod(state, pod, p, node);
        return false;
    }

    /**
     * Upstream's filterPodsWithPDBViolation: walking the pods in order, each matching budget's
     * disruptionsAllowed is spent; a pod that takes one below zero would violate it.
     */
    static void splitByBudget(List<PodInfo> pods, List<PodDisruptionBudget> pdbs, List<PodInfo> violating,
                              List<PodInfo> nonViolating) {
        int[] allowed = new int[pdbs.size()];
        LabelSelector[] selectors = new LabelSelector[pdbs.size()];
        for (int i = 0; i < pdbs.size(); i++) {
            PodDisruptionBudget b = pdbs.get(i);
            Integer a = b.getStatus() == null ? null : b.getStatus().getDisruptionsAllowed();
            allowed[i] = a == null ? 0 : a;
            try {
                selectors[i] = b.getSpec() == null || b.getSpec().getSelector() == null ? null
                        : Selectors.of(b.getSpec().getSelector());
            } catch (IllegalArgumentException e) {
                selectors[i] = null;
            }
        }
        for (PodInfo p : pods) {
            boolean violates = false;
            Map<String, String> labels = Selectors.labels(p.pod());
            if (!labels.isEmpty()) {
                for (int i = 0; i < pdbs.size(); i++) {
                    PodDisruptionBudget b = pdbs.get(i);
                    // An empty selector selects nothing here, as upstream's preemption reads it.
                    if (!p.namespace().equals(b.getMetadata().getNamespace()) || selectors[i] == null
                            || selectors[i].isEverything() || !selectors[i].matches(labels)) {
                        continue;
                    }
                    if (b.getStatus() != null && b.getStatus().getDisruptedPods() != null
                            && b.getStatus().getDisruptedPods().containsKey(p.name())) {
                        continue;
                    }
                    allowed[i]--;
                    if (allowed[i] < 0) {
                        violates = true;
                    }
                }
            }
            (violates ? violating : nonViolating).add(p);
        }
    }

    /**
     * Upstream's pickOneNodeForPreemption: fewest budget violations, then the lowest highest victim
     * priority, the smallest sum of victim priorities, the fewest victims, the latest start of the
     * highest-priority victims; the first left wins.
     */
    static Candidate pickOne(List<Candidate> candidates) {
        List<Candidate> left = candidates;
        for (Comparator<Candidate> rule : List.<Comparator<Candidate>>of(
                Comparator.comparingInt(Candidate::pdbViolations),
                Comparator.comparingInt(c -> c.victims().isEmpty() ? Integer.MIN_VALUE
                        : Framework.priority(c.victims().getFirst())),
                Comparator.comparingLong(c -> c.victims().stream()
                        .mapToLong(v -> (long) Framework.priority(v) + Integer.MAX_VALUE + 1).sum()),
                Comparator.comparingInt(c -> c.victims().size()),
                Comparator.comparing(DefaultPreemption::earliestStartOfHighest, Comparator.reverseOrder()))) {
            Candidate min = left.stream().min(rule).orElseThrow();
            left = left.stream().filter(c -> rule.compare(c, min) == 0).toList();
            if (left.size() == 1) {
                break;
            }
        }
        return left.getFirst();
    }

    /** The earliest start time among the highest-priority victims (victims are sorted most important first). */
    private static Instant earliestStartOfHighest(Candidate c) {
        if (c.victims().isEmpty()) {
            return Instant.MAX;
        }
        int top = Framework.priority(c.victims().getFirst());
        Instant earliest = Instant.MAX;
        for (PodInfo v : c.victims()) {
            if (Framework.priority(v) == top) {
                Instant t = startTime(v);
                if (t.isBefore(earliest)) {
                    earliest = t;
                }
            }
        }
        return earliest;
    }

    /** When the pod started (creation when it has not, and now when neither is known). */
    static Instant startTime(PodInfo p) {
        String t = p.pod().getStatus() == null ? null : p.pod().getStatus().getStartTime();
        if (t == null) {
            t = p.pod().getMetadata().getCreationTimestamp();
        }
        try {
            return t == null ? Instant.now() : Instant.parse(t);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    /** Upstream's MoreImportantPod: higher priority first, then the one that started earlier. */
    static final Comparator<PodInfo> MORE_IMPORTANT = Comparator
            .comparingInt((PodInfo p) -> Framework.priority(p)).reversed()
            .thenComparing(DefaultPreemption::startTime);
}
