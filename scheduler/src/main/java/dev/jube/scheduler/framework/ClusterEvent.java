package dev.jube.scheduler.framework;

import java.util.EnumSet;
import java.util.Set;

/**
 * A change in the cluster that may make unschedulable pods schedulable: which kind of object and
 * what happened to it. Plugins declare the events that can undo their rejections.
 */
public record ClusterEvent(Kind kind, Set<Action> actions, String label) {

    public enum Kind { POD, ASSIGNED_POD, NODE, PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, STORAGE_CLASS, SERVICE,
        NAMESPACE, ANY }

    public enum Action { ADD, DELETE, UPDATE, UPDATE_NODE_ALLOCATABLE, UPDATE_NODE_LABEL, UPDATE_NODE_TAINT,
        UPDATE_NODE_CONDITION, UPDATE_POD_LABEL, UPDATE_POD_SCALE_DOWN }

    public static final ClusterEvent UNSCHEDULABLE_TIMEOUT = new ClusterEvent(Kind.ANY, EnumSet.allOf(Action.class),
            "UnschedulableTimeout");
    public static final ClusterEvent FORCE_ACTIVATE = new ClusterEvent(Kind.ANY, EnumSet.allOf(Action.class),
            "ForceActivate");

    public static ClusterEvent of(Kind kind, Action first, Action... rest) {
        return new ClusterEvent(kind, EnumSet.of(first, rest), kind + "/" + first);
    }

    /** Whether a registration {@code this} covers the concrete event {@code e}. */
    public boolean covers(ClusterEvent e) {
        if (kind != Kind.ANY && e.kind != Kind.ANY && kind != e.kind) {
            return false;
        }
        for (Action a : e.actions) {
            if (actions.contains(a) || (a.name().startsWith("UPDATE") && actions.contains(Action.UPDATE))) {
                return true;
            }
        }
        return false;
    }
}
