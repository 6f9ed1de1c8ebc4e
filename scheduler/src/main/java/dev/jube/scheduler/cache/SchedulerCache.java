package dev.jube.scheduler.cache;

import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Snapshot;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;

/**
 * The scheduler's view of nodes and the pods on them, fed by informers. A pod the scheduler chose
 * a node for is <em>assumed</em> there at once, before its binding reaches the API server, so the
 * next cycles already count its resources; the informer's copy confirms it, and a failed binding
 * forgets it. Snapshots copy only the nodes that changed since the previous snapshot.
 */
public final class SchedulerCache {

    private final Object lock = new Object();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    private long generation;
    private final Map<String, NodeInfo> snapshotNodes = new HashMap<>();
    /** Nodes changed since the last snapshot. */
    private final java.util.Set<String> dirty = new java.util.HashSet<>();
    private Snapshot current;

    /** A pod the cache holds: where it counts, and whether it is only assumed so far. */
    private record PodState(PodInfo pod, String node, boolean assumed, boolean bindingFinished) {}

    private NodeInfo nodeInfo(String name) {
        return nodes.computeIfAbsent(name, n -> new NodeInfo());
    }

    private void touch(String name, NodeInfo n) {
        n.setGeneration(++generation);
        dirty.add(name);
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid();
    }

    // ---- assumed pods (the scheduler's own decisions)

    /** Counts {@code pod} (spec.nodeName already set to the chosen node) on its node before it is bound. */
    public void assume(PodInfo pod) {
        assume(pod, pod.pod().getSpec().getNodeName());
    }

    /** Counts {@code pod} on {@code node} before it is bound (the pod object itself stays as it is). */
    public void assume(PodInfo pod, String node) {
        synchronized (lock) {
            if (pods.containsKey(pod.uid())) {
                throw new IllegalStateException("pod " + pod + " is already in the cache, so can't be assumed");
            }
            NodeInfo n = nodeInfo(node);
            n.addPod(pod);
            touch(node, n);
            pods.put(pod.uid(), new PodState(pod, node, true, false));
        }
    }

    /** The binding request for an assumed pod was sent. */
    public void finishBinding(PodInfo pod) {
        synchronized (lock) {
            PodState s = pods.get(pod.uid());
            if (s != null && s.assumed()) {
                pods.put(pod.uid(), new PodState(s.pod(), s.node(), true, true));
            }
        }
    }

    /** Drops an assumed pod whose binding failed. */
    public void forget(PodInfo pod) {
        synchronized (lock) {
            PodState s = pods.get(pod.uid());
            if (s != null && s.assumed()) {
                removeFromNode(s);
                pods.remove(pod.uid());
            }
        }
    }

    public boolean isAssumed(String uid) {
        synchronized (lock) {
            PodState s = pods.get(uid);
            return s != null && s.assumed();
        }
    }

    // ---- informer events for pods bound to nodes

    /** A bound pod appeared; confirms it when it was assumed. */
    public void addPod(Pod pod) {
        synchronized (lock) {
            PodState s = pods.get(uid(pod));
            if (s != null) {
                removeFromNode(s);
            }
            put(pod);
        }
    }

    public void updatePod(Pod pod) {
        addPod(pod);
    }

    public void removePod(Pod pod) {
        synchronized (lock) {
            PodState s = pods.remove(uid(pod));
            if (s != null) {
                removeFromNode(s);
            }
        }
    }

    private void put(Pod pod) {
        String node = pod.getSpec().getNodeName();
        PodInfo info = new PodInfo(pod);
        NodeInfo n = nodeInfo(node);
        n.addPod(info);
        touch(node, n);
        pods.put(info.uid(), new PodState(info, node, false, false));
    }

    private void removeFromNode(PodState s) {
        NodeInfo n = nodes.get(s.node());
        if (n == null) {
            return;
        }
        n.removePod(s.pod().uid());
        touch(s.node(), n);
        if (n.node() == null && n.pods().isEmpty()) {
            nodes.remove(s.node());
        }
    }

    // ---- nodes

    public void addNode(Node node) {
        synchronized (lock) {
            NodeInfo n = nodeInfo(node.getMetadata().getName());
            n.setNode(node);
            touch(node.getMetadata().getName(), n);
        }
    }

    public void updateNode(Node node) {
        addNode(node);
    }

    /** A node left; its pods stay counted (under a node-less entry) until they are deleted too. */
    public void removeNode(Node node) {
        synchronized (lock) {
            String name = node.getMetadata().getName();
            NodeInfo n = nodes.get(name);
            if (n == null) {
                return;
            }
            if (n.pods().isEmpty()) {
                nodes.remove(name);
            } else {
                n.setNode(null);
            }
            touch(name, n);
        }
    }

    // ---- snapshots

    /**
     * A consistent copy of the nodes for one scheduling cycle. Only the nodes that changed since
     * the previous cycle are copied, and they replace their old copies in the previous snapshot
     * unless the set of nodes (or a node object) changed, which rebuilds it.
     */
    public Snapshot snapshot() {
        synchronized (lock) {
            if (current == null) {
                for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
                    snapshotNodes.put(e.getKey(), e.getValue().copy());
                }
                dirty.clear();
                current = new Snapshot(snapshotNodes.values());
                return current;
            }
            boolean rebuild = false;
            for (String name : dirty) {
                NodeInfo n = nodes.get(name);
                if (n == null) {
                    rebuild |= snapshotNodes.remove(name) != null;
                    continue;
                }
                NodeInfo copy = n.copy();
                NodeInfo previous = snapshotNodes.put(name, copy);
                if (!rebuild && (previous == null || n.node() == null || !current.replace(copy))) {
                    rebuild = true;
                }
            }
            dirty.clear();
            if (rebuild) {
                current = new Snapshot(snapshotNodes.values());
            }
            return current;
        }
    }

    public int nodeCount() {
        synchronized (lock) {
            return (int) nodes.values().stream().filter(n -> n.node() != null).count();
        }
    }

    public int podCount() {
        synchronized (lock) {
            return pods.size();
        }
    }
}
