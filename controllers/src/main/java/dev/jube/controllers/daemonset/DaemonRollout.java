package dev.jube.controllers.daemonset;

import dev.jube.controllers.framework.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One step of a DaemonSet's RollingUpdate (upstream's rollingUpdate): without surge, old pods are
 * deleted while no more than maxUnavailable nodes lack an available pod; with surge, a new pod is
 * started next to the old one on up to maxSurge nodes and the old one goes once the new one is
 * available. Unavailable old pods are always replaced at once: they count for nothing.
 */
final class DaemonRollout {

    /** Pods to delete and nodes to start a new pod on. */
    record Plan(List<Pod> delete, List<String> createOn) {}

    private DaemonRollout() {}

    /** The node's new and old pod; null when the node has two of one kind (manage cleans up first). */
    private record NodePods(Pod newPod, Pod oldPod) {}

    private static NodePods split(List<Pod> pods, String hash) {
        Pod newPod = null;
        Pod oldPod = null;
        for (Pod p : pods) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (hash.equals(DaemonPods.hashOf(p))) {
                if (newPod != null) {
                    return null;
                }
                newPod = p;
            } else {
                if (oldPod != null) {
                    return null;
                }
                oldPod = p;
            }
        }
        return new NodePods(newPod, oldPod);
    }

    /** {@code nodeToPods}: the active daemon pods of each node that should run one. */
    static Plan plan(Map<String, List<Pod>> nodeToPods, String hash, int maxSurge, int maxUnavailable,
            int minReadySeconds, Instant now) {
        return maxSurge == 0 ? withoutSurge(nodeToPods, hash, maxUnavailable, minReadySeconds, now)
                : withSurge(nodeToPods, hash, maxSurge, minReadySeconds, now);
    }

    private static Plan withoutSurge(Map<String, List<Pod>> nodeToPods, String hash, int maxUnavailable,
            int minReady, Instant now) {
        int unavailable = 0;
        List<Pod> replaceNow = new ArrayList<>();
        List<Pod> candidates = new ArrayList<>();
        for (List<Pod> pods : nodeToPods.values()) {
            NodePods np = split(pods, hash);
            if (np == null || (np.newPod() == null) == (np.oldPod() == null)) {
                unavailable++; // manage creates or deletes the right pod first
            } else if (np.newPod() != null) {
                if (!Pods.isAvailable(np.newPod(), minReady, now)) {
                    unavailable++;
                }
            } else if (!Pods.isAvailable(np.oldPod(), minReady, now)) {
                replaceNow.add(np.oldPod());
            } else {
                candidates.add(np.oldPod());
            }
        }
        int allowed = Math.max(0, Math.min(maxUnavailable - unavailable - replaceNow.size(), candidates.size()));
        List<Pod> delete = new ArrayList<>(replaceNow);
        delete.addAll(candidates.subList(0, allowed));
        return new Plan(delete, List.of());
    }

    private static Plan withSurge(Map<String, List<Pod>> nodeToPods, String hash, int maxSurge, int minReady,
            Instant now) {
        int surge = 0;
        List<Pod> delete = new ArrayList<>();
        List<String> replaceNow = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> e : nodeToPods.entrySet()) {
            NodePods np = split(e.getValue(), hash);
            if (np == null) {
                surge++;
            } else if (np.oldPod() == null) {
                continue; // nothing to update here
            } else if (np.newPod() == null) {
                if (!Pods.isAvailable(np.oldPod(), minReady, now)) {
                    replaceNow.add(e.getKey());
                } else {
                    candidates.add(e.getKey());
                }
            } else if (Pods.isAvailable(np.newPod(), minReady, now)) {
                delete.add(np.oldPod()); // the new pod took over
            } else {
                surge++;
            }
        }
        int allowed = Math.max(0, Math.min(maxSurge - surge, candidates.size()));
        List<String> createOn = new ArrayList<>(replaceNow);
        createOn.addAll(candidates.subList(0, allowed));
        return new Plan(delete, createOn);
    }
}
