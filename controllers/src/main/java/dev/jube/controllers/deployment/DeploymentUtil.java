package dev.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deployment arithmetic and bookkeeping shared by the rollout strategies, after upstream's
 * deployment utilities: defaults, surge and unavailability, revision annotations, replica
 * counts over ReplicaSets, proportions for scaling and the status conditions.
 */
public final class DeploymentUtil {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    public static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Deployment annotations that are not copied to its ReplicaSets. */
    static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, ROLLBACK_TO);
    /** Upstream's limit on the revision-history annotation. */
    public static final int MAX_REVISION_HISTORY_CHARS = 2000;

    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String REPLICA_FAILURE = "ReplicaFailure";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";
    public static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";

    private DeploymentUtil() {}

    // ---- defaults (the API server does not default these yet; upstream's values)

    public static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static boolean isRecreate(Deployment d) {
        return d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    }

    public static int revisionHistoryLimit(Deployment d) {
        Integer l = d.getSpec().getRevisionHistoryLimit();
        return l == null ? 10 : l;
    }

    public static int progressDeadlineSeconds(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p == null ? 600 : p;
    }

    public static boolean hasProgressDeadline(Deployment d) {
        return progressDeadlineSeconds(d) != Integer.MAX_VALUE;
    }

    public static int minReadySeconds(Deployment d) {
        Integer m = d.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    public static boolean paused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    private static IntOrPercent.Fenceposts fenceposts(Deployment d) {
        RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null
                : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = ru == null || ru.getMaxSurge() == null ? new IntOrString("25%") : ru.getMaxSurge();
        IntOrString unavailable = ru == null || ru.getMaxUnavailable() == null
                ? new IntOrString("25%") : ru.getMaxUnavailable();
        return IntOrPercent.resolve(surge, unavailable, replicas(d));
    }

    public static int maxSurge(Deployment d) {
        return isRecreate(d) ? 0 : fenceposts(d).maxSurge();
    }

    public static int maxUnavailable(Deployment d) {
        if (isRecreate(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(fenceposts(d).maxUnavailable(), replicas(d));
    }

    // ---- counts over ReplicaSets

    static int specReplicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int readyReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
                ? 0 : rs.getStatus().getAvailableReplicas();
    }

    /**
     * Pods the ReplicaSet wants that are not available. Never negative: just after a scale-down its
     * status can still count more available pods than the new spec.replicas.
     */
    static int unavailableReplicas(ReplicaSet rs) {
        return Math.max(0, specReplicas(rs) - availableReplicas(rs));
    }

    /** Sum of spec.replicas. */
    public static int replicaCount(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::specReplicas).sum();
    }

    /** Sum of status.replicas (pods that exist). */
    public static int actualReplicaCount(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::statusReplicas).sum();
    }

    public static int readyReplicaCount(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::readyReplicas).sum();
    }

    public static int availableReplicaCount(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::availableReplicas).sum();
    }

    /**
     * Available pods that will stay: each ReplicaSet counts at most its spec.replicas. Right after a
     * scale-down its status still counts the pods it is about to delete, and counting those would let
     * a rollout take availability below its floor.
     */
    static int keptAvailableReplicaCount(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull)
                .mapToInt(rs -> Math.min(specReplicas(rs), availableReplicas(rs))).sum();
    }

    static List<ReplicaSet> active(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).filter(rs -> specReplicas(rs) > 0).toList();
    }

    static List<ReplicaSet> withNew(List<ReplicaSet> old, ReplicaSet newRS) {
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRS != null) {
            all.add(newRS);
        }
        return all;
    }

    static Instant created(ReplicaSet rs) {
        String t = rs.getMetadata().getCreationTimestamp();
        return t == null ? Instant.MAX : Instant.parse(t);
    }

    /** Oldest first; ties by name. */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(DeploymentUtil::created)
            .thenComparing(rs -> rs.getMetadata().getName());

    /**
     * Replicas the new ReplicaSet should have now. For a rolling update, as many as fit under
     * replicas + maxSurge. Old ReplicaSets count with the larger of their spec and their existing
     * pods, so pods still being removed from a scaled-down ReplicaSet are not exceeded either.
     */
    public static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRS) {
        if (isRecreate(d)) {
            return replicas(d);
        }
        int current = 0;
        for (ReplicaSet rs : all) {
            if (rs == newRS || rs.getMetadata().getName().equals(newRS.getMetadata().getName())) {
                current += specReplicas(rs);
            } else {
                current += Math.max(specReplicas(rs), statusReplicas(rs));
            }
        }
        int maxTotal = replicas(d) + maxSurge(d);
        if (current >= maxTotal) {
            return specReplicas(newRS);
        }
        int scaleUp = Math.min(maxTotal - current, replicas(d) - specReplicas(newRS));
        return specReplicas(newRS) + Math.max(0, scaleUp);
    }

    // ---- revisions

    public static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(REVISION);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(List<ReplicaSet> rss) {
        return rss.stream().mapToLong(DeploymentUtil::revision).max().orElse(0);
    }

    /** By revision, then creation time: the order in which old ReplicaSets are cleaned up. */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparingLong(DeploymentUtil::revision)
            .thenComparing(BY_CREATION);

    /**
     * Updates the new ReplicaSet's annotations: the Deployment's own annotations, the new
     * revision (keeping earlier revisions of a reused ReplicaSet in revision-history), and on
     * creation the replica annotations. Whether anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        Map<String, String> ann = rs.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(rs.getMetadata().getAnnotations());
        boolean changed = false;
        if (d.getMetadata().getAnnotations() != null) {
            for (Map.Entry<String, String> e : d.getMetadata().getAnnotations().entrySet()) {
                if (!NOT_COPIED.contains(e.getKey()) && !Objects.equals(ann.get(e.getKey()), e.getValue())) {
                    ann.put(e.getKey(), e.getValue());
                    changed = true;
                }
            }
        }
        String oldRevision = ann.get(REVISION);
        long oldRev = parse(oldRevision);
        long newRev = parse(newRevision);
        if (oldRev < newRev) {
            ann.put(REVISION, newRevision);
            changed = true;
            if (oldRevision != null && !oldRevision.isEmpty()) {
                // A rollback to this ReplicaSet: remember the revisions it had.
                String history = ann.get(REVISION_HISTORY);
                if (history == null || history.isEmpty()) {
                    ann.put(REVISION_HISTORY, oldRevision);
                } else {
                    List<String> revs = new ArrayList<>(List.of(history.split(",")));
                    int total = history.length() + oldRevision.length() + 1;
                    int start = 0;
                    while (total > MAX_REVISION_HISTORY_CHARS && start < revs.size()) {
                        total -= revs.get(start).length() + 1;
                        start++;
                    }
                    if (total <= MAX_REVISION_HISTORY_CHARS) {
                        List<String> kept = new ArrayList<>(revs.subList(start, revs.size()));
                        kept.add(oldRevision);
                        ann.put(REVISION_HISTORY, String.join(",", kept));
                    }
                }
            }
        }
        rs.getMetadata().setAnnotations(ann);
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private static long parse(String revision) {
        if (revision == null || revision.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(revision);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sets desired-replicas and max-replicas; whether they changed. */
    public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> ann = rs.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(rs.getMetadata().getAnnotations());
        boolean changed = !String.valueOf(desired).equals(ann.get(DESIRED_REPLICAS))
                || !String.valueOf(max).equals(ann.get(MAX_REPLICAS));
        ann.put(DESIRED_REPLICAS, String.valueOf(desired));
        ann.put(MAX_REPLICAS, String.valueOf(max));
        rs.getMetadata().setAnnotations(ann);
        return changed;
    }

    static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> ann = rs.getMetadata().getAnnotations();
        return ann == null || !String.valueOf(desired).equals(ann.get(DESIRED_REPLICAS))
                || !String.valueOf(max).equals(ann.get(MAX_REPLICAS));
    }

    static Integer annotationInt(ReplicaSet rs, String key) {
        Map<String, String> ann = rs.getMetadata().getAnnotations();
        String v = ann == null ? null : ann.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- scaling

    /** The only ReplicaSet with replicas, or the newest if none has; null if several have. */
    static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.sort(BY_CREATION.reversed());
        List<ReplicaSet> active = active(withNew(oldRSs, newRS));
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : all.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    /** The new ReplicaSet runs every desired replica, all available. */
    static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = annotationInt(rs, DESIRED_REPLICAS);
        return desired != null && desired == replicas(d) && specReplicas(rs) == replicas(d)
                && availableReplicas(rs) == replicas(d);
    }

    /**
     * How many of {@code toAdd} replicas this ReplicaSet takes when a Deployment is scaled during
     * a rollout: its share of the new size in proportion to the size it was made for.
     */
    public static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || specReplicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) {
            return -specReplicas(rs);
        }
        int deploymentReplicas = replicas(d) + maxSurge(d);
        Integer annotated = annotationInt(rs, MAX_REPLICAS);
        int base = annotated != null ? annotated
                : d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
        if (base == 0) {
            return 0;
        }
        double newSize = (double) specReplicas(rs) * deploymentReplicas / base;
        return (int) Math.round(newSize) - specReplicas(rs);
    }

    // ---- status and conditions

    public static DeploymentCondition condition(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /**
     * Sets a condition: unchanged if status and reason are the same; the transition time is kept
     * when only the reason or message changes.
     */
    public static void setCondition(DeploymentStatus status, DeploymentCondition c) {
        DeploymentCondition current = condition(status, c.getType());
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())
                && Objects.equals(current.getReason(), c.getReason())) {
            return;
        }
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())) {
            c.setLastTransitionTime(current.getLastTransitionTime());
        }
        removeCondition(status, c.getType());
        List<DeploymentCondition> list = status.getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        list.add(c);
        status.setConditions(list);
    }

    public static void removeCondition(DeploymentStatus status, String type) {
        if (status.getConditions() == null) {
            return;
        }
        List<DeploymentCondition> list = new ArrayList<>(status.getConditions());
        list.removeIf(c -> type.equals(c.getType()));
        status.setConditions(list);
    }

    public static DeploymentCondition newCondition(String type, String status, String reason, String message) {
        String now = dev.jube.controllers.framework.Times.now();
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(now);
        c.setLastTransitionTime(now);
        return c;
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** Every desired replica is updated and available, and the latest spec was observed. */
    public static boolean complete(Deployment d, DeploymentStatus s) {
        Long gen = d.getMetadata().getGeneration();
        Long observed = s.getObservedGeneration();
        return n(s.getUpdatedReplicas()) == replicas(d) && n(s.getReplicas()) == replicas(d)
                && n(s.getAvailableReplicas()) == replicas(d)
                && (observed == null ? 0 : observed) >= (gen == null ? 0 : gen);
    }

    /** Something moved forward since the old status. */
    public static boolean progressing(Deployment d, DeploymentStatus newStatus) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldStale = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newStale = n(newStatus.getReplicas()) - n(newStatus.getUpdatedReplicas());
        return n(newStatus.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newStale < oldStale
                || n(newStatus.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(newStatus.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /** No progress for longer than progressDeadlineSeconds. */
    public static boolean timedOut(Deployment d, DeploymentStatus newStatus, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = condition(newStatus, PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        Instant from = c.getLastUpdateTime() == null ? null : Instant.parse(c.getLastUpdateTime());
        return from != null && from.plusSeconds(progressDeadlineSeconds(d)).isBefore(now);
    }
}
