package dev.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods nominated to a node by preemption and not yet bound, as upstream's PodNominator keeps
 * them: filters count them on their node for pods of lower or equal priority, so the room the
 * victims free is not taken by someone else before the preemptor gets it.
 */
public final class Nominator {

    private final Object lock = new Object();
    private final Map<String, List<PodInfo>> byNode = new HashMap<>();
    private final Map<String, String> nodeOfPod = new HashMap<>();
    private volatile boolean empty = true;

    /** Nominates {@code pod} to {@code node}, replacing an earlier nomination; an empty node removes it. */
    public void nominate(PodInfo pod, String node) {
        synchronized (lock) {
            removeLocked(pod.uid());
            if (node != null && !node.isEmpty()) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
                nodeOfPod.put(pod.uid(), node);
            }
            empty = nodeOfPod.isEmpty();
        }
    }

    /** Refreshes the copy of a nominated pod (labels, spec) without changing where it is nominated. */
    public void refresh(PodInfo pod) {
        synchronized (lock) {
            String node = nodeOfPod.get(pod.uid());
            if (node != null) {
                List<PodInfo> l = byNode.get(node);
                l.replaceAll(p -> p.uid().equals(pod.uid()) ? pod : p);
            }
        }
    }

    public void remove(String uid) {
        synchronized (lock) {
            removeLocked(uid);
            empty = nodeOfPod.isEmpty();
        }
    }

    private void removeLocked(String uid) {
        String node = nodeOfPod.remove(uid);
        if (node == null) {
            return;
        }
        List<PodInfo> l = byNode.get(node);
        l.removeIf(p -> p.uid().equals(uid));
        if (l.isEmpty()) {
            byNode.remove(node);
        }
    }

    /** The node {@code uid} is nominated to, or null. */
    public String nodeOf(String uid) {
        if (empty) {
            return null;
        }
        synchronized (lock) {
            return nodeOfPod.get(uid);
        }
    }

    /** The pods nominated to {@code node} (a copy). */
    public List<PodInfo> podsOn(String node) {
        if (empty) {
            return List.of();
        }
        synchronized (lock) {
            List<PodInfo> l = byNode.get(node);
            return l == null ? List.of() : List.copyOf(l);
        }
    }

    public boolean isEmpty() {
        return empty;
    }
}
