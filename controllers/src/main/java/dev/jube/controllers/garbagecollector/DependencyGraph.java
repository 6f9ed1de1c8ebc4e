package dev.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every monitored object by uid, with its owner references, and for each owner uid the uids of
 * its dependents (upstream's GC graph, kept from the informers' events).
 */
final class DependencyGraph {

    /** What the collector remembers about an object. */
    record Node(String uid, ResourceDefinitionContext resource, String namespace, String name,
                List<OwnerReference> owners, boolean deleting, List<String> finalizers) {

        boolean hasFinalizer(String f) {
            return finalizers.contains(f);
        }

        /** Being deleted in the foreground: waiting for blocking dependents to go. */
        boolean deletingDependents() {
            return deleting && hasFinalizer(GarbageCollector.FOREGROUND);
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();

    static Node nodeOf(ResourceDefinitionContext resource, HasMetadata obj) {
        var m = obj.getMetadata();
        return new Node(m.getUid(), resource, m.getNamespace(), m.getName(),
                m.getOwnerReferences() == null ? List.of() : List.copyOf(m.getOwnerReferences()),
                m.getDeletionTimestamp() != null,
                m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()));
    }

    /** Records the object's current state; the previous one, or null. */
    synchronized Node put(Node n) {
        Node old = nodes.put(n.uid(), n);
        if (old != null) {
            for (OwnerReference r : old.owners()) {
                Set<String> deps = dependents.get(r.getUid());
                if (deps != null) {
                    deps.remove(n.uid());
                    if (deps.isEmpty()) {
                        dependents.remove(r.getUid());
                    }
                }
            }
        }
        for (OwnerReference r : n.owners()) {
            dependents.computeIfAbsent(r.getUid(), k -> new HashSet<>()).add(n.uid());
        }
        return old;
    }

    synchronized Node remove(String uid) {
        Node old = nodes.remove(uid);
        if (old != null) {
            for (OwnerReference r : old.owners()) {
                Set<String> deps = dependents.get(r.getUid());
                if (deps != null) {
                    deps.remove(uid);
                    if (deps.isEmpty()) {
                        dependents.remove(r.getUid());
                    }
                }
            }
        }
        return old;
    }

    synchronized Node get(String uid) {
        return nodes.get(uid);
    }

    synchronized boolean contains(String uid) {
        return nodes.containsKey(uid);
    }

    /** The dependents of {@code ownerUid} that are known. */
    synchronized List<Node> dependentsOf(String ownerUid) {
        List<Node> out = new ArrayList<>();
        for (String uid : dependents.getOrDefault(ownerUid, Set.of())) {
            Node n = nodes.get(uid);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }
}
