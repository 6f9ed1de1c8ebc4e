package dev.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes as one scheduling cycle sees them: a consistent copy taken from the cache at the
 * start of the cycle, so the parallel filters never see a half-applied change. As upstream's, the
 * cache refreshes it at the start of the next cycle (the node copies in it are never changed,
 * only replaced), so it belongs to the scheduling loop.
 */
public final class Snapshot {

    private final Map<String, NodeInfo> byName;
    private final List<NodeInfo> nodes;
    private final List<NodeInfo> withAffinity;
    private final List<NodeInfo> withRequiredAntiAffinity;
    private final Map<String, Integer> imageNodeCounts;
    private final Map<String, Integer> index;

    public Snapshot(Collection<NodeInfo> infos) {
        byName = new HashMap<>();
        nodes = new ArrayList<>();
        withAffinity = new ArrayList<>();
        withRequiredAntiAffinity = new ArrayList<>();
        imageNodeCounts = new HashMap<>();
        index = new HashMap<>();
        for (NodeInfo n : infos) {
            if (n.node() == null) {
                continue;
            }
            byName.put(n.name(), n);
            index.put(n.name(), nodes.size());
            nodes.add(n);
            if (!n.podsWithAffinity().isEmpty()) {
                withAffinity.add(n);
            }
            if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
                withRequiredAntiAffinity.add(n);
            }
            for (String img : n.images().keySet()) {
                imageNodeCounts.merge(img, 1, Integer::sum);
            }
        }
    }

    /**
     * Puts a new copy of a node in place of the old one when only its pods changed and the lists
     * derived from them keep their members; false when the snapshot must be rebuilt instead. Lets
     * the cache refresh the snapshot of a large cluster per cycle at the cost of the nodes that changed.
     */
    public boolean replace(NodeInfo n) {
        Integer i = index.get(n.name());
        if (i == null) {
            return false;
        }
        NodeInfo old = nodes.get(i);
        if (old.node() != n.node() || old.podsWithAffinity().isEmpty() != n.podsWithAffinity().isEmpty()
                || old.podsWithRequiredAntiAffinity().isEmpty() != n.podsWithRequiredAntiAffinity().isEmpty()) {
            return false;
        }
        nodes.set(i, n);
        byName.put(n.name(), n);
        if (!n.podsWithAffinity().isEmpty()) {
            withAffinity.replaceAll(x -> x == old ? n : x);
        }
        if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
            withRequiredAntiAffinity.replaceAll(x -> x == old ? n : x);
        }
        return true;
    }

    /** A snapshot of the given nodes, for tests and simulations. */
    public static Snapshot of(List<NodeInfo> infos) {
        return new Snapshot(infos);
    }

    public List<NodeInfo> nodes() {
        return nodes;
    }

    public NodeInfo get(String name) {
        return byName.get(name);
    }

    /** The node's position in {@link #nodes()}; stable while this snapshot is refreshed in place. */
    public int indexOf(String name) {
        return index.get(name);
    }

    public int size() {
        return nodes.size();
    }

    public List<NodeInfo> nodesWithAffinityPods() {
        return withAffinity;
    }

    public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        return withRequiredAntiAffinity;
    }

    /** On how many nodes {@code image} (normalized) is present. */
    public int imageNodeCount(String image) {
        return imageNodeCounts.getOrDefault(image, 0);
    }
}
