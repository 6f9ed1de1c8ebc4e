package dev.jube.scheduler;

import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.Nominator;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Informer events to cache and queue: bound pods and nodes feed the cache, pending pods of this
 * scheduler's profiles feed the queue, and every change that may help unschedulable pods is
 * turned into a {@link ClusterEvent}.
 */
final class EventHandlers {

    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Predicate<Pod> responsible;
    private final Nominator nominator;

    EventHandlers(SchedulerCache cache, SchedulingQueue queue, Set<String> schedulerNames, Nominator nominator) {
        this.cache = cache;
        this.queue = queue;
        this.nominator = nominator;
        this.responsible = p -> {
            String n = p.getSpec().getSchedulerName();
            return schedulerNames.contains(n == null || n.isEmpty()
                    ? dev.jube.scheduler.plugins.Plugins.DEFAULT_SCHEDULER_NAME : n);
        };
    }

    static boolean assigned(Pod p) {
        return p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    static boolean terminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (assigned(pod)) {
                    if (!terminal(pod)) {
                        cache.addPod(pod);
                        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.ASSIGNED_POD, Action.ADD));
                    }
                } else if (responsible.test(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
                    queue.add(pod);
                    String nominated = nominatedNode(pod);
                    if (nominated != null) {
                        nominator.nominate(new PodInfo(pod), nominated);
                    }
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (assigned(newPod)) {
                    if (!assigned(oldPod)) {
                        queue.delete(newPod);
                        nominator.remove(newPod.getMetadata().getUid());
                    }
                    if (terminal(newPod)) {
                        cache.removePod(newPod);
                        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.ASSIGNED_POD, Action.DELETE));
                        return;
                    }
                    cache.updatePod(newPod);
                    if (!assigned(oldPod)) {
                        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.ASSIGNED_POD, Action.ADD));
                    } else if (!Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                        queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.ASSIGNED_POD, Action.UPDATE_POD_LABEL));
                    }
                } else if (responsible.test(newPod)) {
                    if (newPod.getMetadata().getDeletionTimestamp() != null) {
                        queue.delete(newPod);
                        nominator.remove(newPod.getMetadata().getUid());
                    } else {
                        queue.update(oldPod, newPod);
                        String was = nominatedNode(oldPod);
                        String now = nominatedNode(newPod);
                        if (!java.util.Objects.equals(was, now)) {
                            nominator.nominate(new PodInfo(newPod), now);
                        } else if (now != null) {
                            nominator.refresh(new PodInfo(newPod));
                        }
                    }
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                if (assigned(pod)) {
                    cache.removePod(pod);
                    queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.ASSIGNED_POD, Action.DELETE));
                } else {
                    queue.delete(pod);
                    nominator.remove(pod.getMetadata().getUid());
                }
            }
        };
    }

    /** status.nominatedNodeName, or null when unset or empty. */
    static String nominatedNode(Pod p) {
        String n = p.getStatus() == null ? null : p.getStatus().getNominatedNodeName();
        return n == null || n.isEmpty() ? null : n;
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addNode(node);
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.NODE, Action.ADD));
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.updateNode(newNode);
                Set<Action> actions = nodeChanges(oldNode, newNode);
                if (!actions.isEmpty()) {
                    queue.moveAllToActiveOrBackoff(new ClusterEvent(Kind.NODE, actions, "Node/" + actions));
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                cache.removeNode(node);
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(Kind.NODE, Action.DELETE));
            }
        };
    }

    /** What changed on a node, in the terms plugins register for. */
    static Set<Action> nodeChanges(Node a, Node b) {
        Set<Action> out = EnumSet.noneOf(Action.class);
        if (!Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())) {
            out.add(Action.UPDATE_NODE_LABEL);
        }
        var sa = a.getSpec();
        var sb = b.getSpec();
        if (!Objects.equals(sa == null ? null : sa.getTaints(), sb == null ? null : sb.getTaints())
                || !Objects.equals(sa == null ? null : sa.getUnschedulable(), sb == null ? null : sb.getUnschedulable())) {
            out.add(Action.UPDATE_NODE_TAINT);
        }
        var ta = a.getStatus();
        var tb = b.getStatus();
        if (!Objects.equals(ta == null ? null : ta.getAllocatable(), tb == null ? null : tb.getAllocatable())
                || !Objects.equals(ta == null ? null : ta.getCapacity(), tb == null ? null : tb.getCapacity())) {
            out.add(Action.UPDATE_NODE_ALLOCATABLE);
        }
        if (!Objects.equals(ta == null ? null : ta.getConditions(), tb == null ? null : tb.getConditions())) {
            out.add(Action.UPDATE_NODE_CONDITION);
        }
        return out;
    }

    /** A handler that turns every add and update of some kind into a queue move. */
    <T> ResourceEventHandler<T> moves(Kind kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(kind, Action.ADD));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(kind, Action.UPDATE));
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(kind, Action.DELETE));
            }
        };
    }
}
