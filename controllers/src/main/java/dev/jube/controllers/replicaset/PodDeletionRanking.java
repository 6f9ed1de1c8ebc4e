package dev.jube.controllers.replicaset;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a controller deletes first when it has too many, in upstream's order (the first in
 * the order goes first):
 * <ol>
 *   <li>not scheduled to a node before scheduled;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not ready before ready;</li>
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
 *   <li>pods sharing their node with more related pods first (spreads what remains);</li>
 *   <li>ready for a shorter time first, compared on a logarithmic scale (upstream's
 *       LogarithmicScaleDown), ties broken by uid;</li>
 *   <li>more container restarts first;</li>
 *   <li>newer first, on the same logarithmic scale.</li>
 * </ol>
 */
public final class PodDeletionRanking {

    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodDeletionRanking() {}

    /**
     * The {@code count} pods of {@code pods} to delete. {@code related} are the pods of the whole
     * workload (e.g. every ReplicaSet of a Deployment), used to rank co-located pods.
     */
    public static List<Pod> podsToDelete(List<Pod> pods, List<Pod> related, int count, Instant now) {
        if (count >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod p : related) {
            String node = nodeName(p);
            if (!node.isEmpty() && Pods.isActive(p)) {
                perNode.merge(node, 1, Integer::sum);
            }
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(comparator(p -> nodeName(p).isEmpty() ? 0 : perNode.getOrDefault(nodeName(p), 0), now));
        return List.copyOf(sorted.subList(0, count));
    }

    /** The ranking as a comparator: pods that sort first are deleted first. */
    public static Comparator<Pod> comparator(java.util.function.ToIntFunction<Pod> coLocated, Instant now) {
        return (a, b) -> {
            boolean aUnassigned = nodeName(a).isEmpty();
            boolean bUnassigned = nodeName(b).isEmpty();
            if (aUnassigned != bUnassigned) {
                return aUnassigned ? -1 : 1;
            }
            int phase = Integer.compare(phaseOrdinal(a), phaseOrdinal(b));
            if (phase != 0) {
                return phase;
            }
            boolean aReady = Pods.isReady(a);
            boolean bReady = Pods.isReady(b);
            if (aReady != bReady) {
                return aReady ? 1 : -1;
            }
            int cost = Integer.compare(deletionCost(a), deletionCost(b));
            if (cost != 0) {
                return cost;
            }
            int rank = Integer.compare(coLocated.applyAsInt(b), coLocated.applyAsInt(a));
            if (rank != 0) {
                return rank;
            }
            if (aReady) {
                int byTime = newerFirst(Pods.readySince(a), Pods.readySince(b), now);
                if (byTime != 0) {
                    return byTime;
                }
            }
            int restarts = Integer.compare(maxRestarts(b), maxRestarts(a));
            if (restarts != 0) {
                return restarts;
            }
            int created = newerFirst(Times.parse(a.getMetadata().getCreationTimestamp()),
                    Times.parse(b.getMetadata().getCreationTimestamp()), now);
            if (created != 0) {
                return created;
            }
            return String.valueOf(a.getMetadata().getUid()).compareTo(String.valueOf(b.getMetadata().getUid()));
        };
    }

    /**
     * Missing times first, then the later time first, compared by log2 bucket of age. Upstream
     * breaks a tie within a bucket by uid at once; that order is not transitive (equal times fall
     * through to the next rule, near ones do not), which Java's sort rejects, so here a tie in a
     * bucket falls through to the next rule and the uid decides last.
     */
    private static int newerFirst(Instant ta, Instant tb, Instant now) {
        if (ta == null || tb == null) {
            return ta == null ? (tb == null ? 0 : -1) : 1;
        }
        if (now == null) {
            return tb.compareTo(ta);
        }
        int bucketA = logBucket(ta, now);
        int bucketB = logBucket(tb, now);
        return Integer.compare(bucketA, bucketB);
    }

    /** floor(log2(age in nanoseconds)); times not in the past are bucket -1. */
    static int logBucket(Instant t, Instant now) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos <= 0 ? -1 : 63 - Long.numberOfLeadingZeros(nanos);
    }

    private static String nodeName(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static int phaseOrdinal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (phase == null) {
            return 0;
        }
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    private static int deletionCost(Pod p) {
        Map<String, String> ann = p.getMetadata().getAnnotations();
        String v = ann == null ? null : ann.get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0; // upstream's validation rejects such pods; rank them as cost 0
        }
    }

    private static int maxRestarts(Pod p) {
        int max = 0;
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                if (cs.getRestartCount() != null) {
                    max = Math.max(max, cs.getRestartCount());
                }
            }
        }
        return max;
    }
}
