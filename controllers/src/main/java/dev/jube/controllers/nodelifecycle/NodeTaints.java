package dev.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The taints the node lifecycle controller owns and what a node's conditions make them:
 * NoExecute not-ready/unreachable (which evict pods) and upstream's taint-nodes-by-condition
 * NoSchedule taints (which keep new pods away).
 */
public final class NodeTaints {

    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

    private static final Set<String> OWNED = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE, MEMORY_PRESSURE,
            DISK_PRESSURE, PID_PRESSURE, NETWORK_UNAVAILABLE);

    private NodeTaints() {}

    public static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    private static String status(Node node, String type) {
        NodeCondition c = condition(node, type);
        return c == null ? null : c.getStatus();
    }

    /** key:effect of the taints the node's conditions call for. */
    static Set<String> wanted(Node node) {
        Set<String> wanted = new LinkedHashSet<>();
        String ready = status(node, "Ready");
        if ("False".equals(ready)) {
            wanted.add(NOT_READY + ":NoExecute");
            wanted.add(NOT_READY + ":NoSchedule");
        } else if ("Unknown".equals(ready)) {
            wanted.add(UNREACHABLE + ":NoExecute");
            wanted.add(UNREACHABLE + ":NoSchedule");
        }
        if ("True".equals(status(node, "MemoryPressure"))) {
            wanted.add(MEMORY_PRESSURE + ":NoSchedule");
        }
        if ("True".equals(status(node, "DiskPressure"))) {
            wanted.add(DISK_PRESSURE + ":NoSchedule");
        }
        if ("True".equals(status(node, "PIDPressure"))) {
            wanted.add(PID_PRESSURE + ":NoSchedule");
        }
        if ("True".equals(status(node, "NetworkUnavailable"))) {
            wanted.add(NETWORK_UNAVAILABLE + ":NoSchedule");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(UNSCHEDULABLE + ":NoSchedule");
        }
        return wanted;
    }

    /**
     * The node's taints with the owned ones brought in line with its conditions; taints that
     * stay keep their timeAdded, others' taints are kept as they are. Null if nothing changes.
     */
    static List<Taint> reconciled(Node node, String now) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        Set<String> wanted = wanted(node);
        List<Taint> result = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        for (Taint t : current) {
            String id = t.getKey() + ":" + t.getEffect();
            if (OWNED.contains(t.getKey()) && !wanted.contains(id)) {
                continue;
            }
            present.add(id);
            result.add(t);
        }
        for (String id : wanted) {
            if (present.contains(id)) {
                continue;
            }
            int colon = id.lastIndexOf(':');
            String effect = id.substring(colon + 1);
            result.add(new TaintBuilder().withKey(id.substring(0, colon)).withEffect(effect)
                    .withTimeAdded("NoExecute".equals(effect) ? now : null).build());
        }
        return Objects.equals(result, current) ? null : result;
    }
}
