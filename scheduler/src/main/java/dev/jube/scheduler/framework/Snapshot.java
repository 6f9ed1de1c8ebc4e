package dev.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes as one scheduling cycle sees them: a consistent copy taken from the cache at the
 * start of the cycle, so the parallel filters never see a half-applied change.
 */
public final class Snapshot {

    private final Map<String, NodeInfo> byName;
    private final List<NodeInfo> nodes;
    private final List<NodeInfo> withAffinity;
    private final List<NodeInfo> withRequiredAntiAffinity;
    private final Map<String, Integer> imageNodeCounts;

    public Snapshot(Collection<NodeInfo> infos) {
        byName = new HashMap<>();
        nodes = new ArrayList<>();
        withAffinity = new ArrayList<>();
        withRequiredAntiAffinity = new ArrayList<>();
        imageNodeCounts = new HashMap<>();
        for (NodeInfo n : infos) {
            if (n.node() == null) {
                continue;
            }
            byName.put(n.name(), n);
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
