package dev.jube.controllers.nodelifecycle;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's node lifecycle controller. A node is healthy while its kubelet renews its Lease in
 * kube-node-lease (or posts a new Ready heartbeat); when neither has changed for the grace
 * period, as this controller observed it, the node's conditions become Unknown
 * ("Kubelet stopped posting node status.") and its pods stop being Ready. The node's taints
 * follow its conditions: unreachable or not-ready NoExecute taints (acted on by the
 * {@link TaintEvictionController}) and the NoSchedule taints of taint-nodes-by-condition.
 */
public final class NodeLifecycleController implements Controller {

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(40);
    public static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String UNKNOWN_REASON = "NodeStatusUnknown";
    static final String UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";
    static final String NEVER_REASON = "NodeStatusNeverUpdated";
    static final String NEVER_MESSAGE = "Kubelet never posted node status.";
    private static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private final Duration gracePeriod;
    /** Per node: the last heartbeat seen and when this controller saw it change (upstream's nodeHealthMap). */
    private final Map<String, Observed> health = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private EventRecorder recorder;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Lease> leases;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;

    private record Observed(String heartbeat, Instant seenAt) {}

    public NodeLifecycleController() {
        this(DEFAULT_GRACE_PERIOD);
    }

    /** Upstream's --node-monitor-grace-period. */
    public NodeLifecycleController(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    @Override
    public String name() {
        return "node-lifecycle";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("node-controller");
        nodes = context.informer(Node.class);
        leases = context.informer(Lease.class);
        pods = context.informer(Pod.class);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                queue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                queue.add(newNode.getMetadata().getName());
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                health.remove(node.getMetadata().getName());
            }
        });
        leases.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                queueNodeOf(lease);
            }

            @Override
            public void onUpdate(Lease oldLease, Lease newLease) {
                queueNodeOf(newLease);
            }

            @Override
            public void onDelete(Lease lease, boolean finalStateUnknown) {}
        });
    }

    private void queueNodeOf(Lease lease) {
        if (LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())) {
            queue.add(lease.getMetadata().getName());
        }
    }

    /** What proves the kubelet alive: its lease's renew time and its Ready condition's heartbeat. */
    private String heartbeat(Node node) {
        Lease lease = leases.getIndexer().getByKey(LEASE_NAMESPACE + "/" + node.getMetadata().getName());
        String renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? ""
                : lease.getSpec().getRenewTime().toInstant().toString();
        NodeCondition ready = NodeTaints.condition(node, "Ready");
        String posted = ready == null || ready.getLastHeartbeatTime() == null ? "" : ready.getLastHeartbeatTime();
        return renew + "|" + posted;
    }

    @Override
    public void reconcile(String name) {
        Node node = nodes.getIndexer().getByKey(name);
        if (node == null) {
            health.remove(name);
            return;
        }
        Instant now = Instant.now();
        String beat = heartbeat(node);
        Observed seen = health.compute(name, (k, old) ->
                old != null && old.heartbeat().equals(beat) ? old : new Observed(beat, now));
        Instant deadline = seen.seenAt().plus(gracePeriod);
        if (now.isBefore(deadline)) {
            // Look again when the grace period would run out.
            queue.addAfter(name, Duration.between(now, deadline).plusMillis(100));
        } else {
            node = markUnknown(node, now);
        }
        node = updateTaints(node);
        NodeCondition ready = NodeTaints.condition(node, "Ready");
        if (ready != null && !"True".equals(ready.getStatus())) {
            markPodsNotReady(node);
        }
    }

    /** Sets every condition the kubelet posts to Unknown; returns the node as it is now. */
    private Node markUnknown(Node node, Instant now) {
        String time = Times.format(now);
        List<NodeCondition> conditions = new ArrayList<>(node.getStatus() == null || node.getStatus().getConditions()
                == null ? List.of() : node.getStatus().getConditions());
        boolean changed = false;
        boolean wasReady = "True".equals(statusOf(conditions, "Ready"));
        for (String type : CONDITIONS) {
            NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
            if (c == null) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason(NEVER_REASON)
                        .withMessage(NEVER_MESSAGE).withLastHeartbeatTime(Times.format(Times.parse(
                                node.getMetadata().getCreationTimestamp())))
                        .withLastTransitionTime(time).build());
                changed = true;
            } else if (!"Unknown".equals(c.getStatus())) {
                conditions.set(conditions.indexOf(c), new NodeConditionBuilder(c).withStatus("Unknown")
                        .withReason(UNKNOWN_REASON).withMessage(UNKNOWN_MESSAGE).withLastTransitionTime(time).build());
                changed = true;
            }
        }
        if (!changed) {
            return node;
        }
        Node updated = new NodeBuilder(node).editOrNewStatus().withConditions(conditions).endStatus().build();
        Node written = client.nodes().resource(updated).updateStatus();
        if (wasReady) {
            recorder.normal(written, "NodeNotReady", "Node " + node.getMetadata().getName()
                    + " status is now: NodeNotReady");
        }
        return written;
    }

    private static String statusOf(List<NodeCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).map(NodeCondition::getStatus).findFirst()
                .orElse(null);
    }

    private Node updateTaints(Node node) {
        List<Taint> taints = NodeTaints.reconciled(node, Times.now());
        if (taints == null) {
            return node;
        }
        Node updated = new NodeBuilder(node).editOrNewSpec().withTaints(taints.isEmpty() ? null : taints).endSpec()
                .build();
        return client.nodes().resource(updated).update();
    }

    /** Upstream's MarkPodsNotReady: pods on a node that is not ready are not ready either. */
    private void markPodsNotReady(Node node) {
        String name = node.getMetadata().getName();
        for (Pod pod : pods.getIndexer().list()) {
            if (!name.equals(pod.getSpec().getNodeName()) || !Pods.isReady(pod)) {
                continue;
            }
            String now = Times.now();
            List<PodCondition> conditions = new ArrayList<>();
            for (PodCondition c : pod.getStatus().getConditions()) {
                conditions.add("Ready".equals(c.getType()) ? new io.fabric8.kubernetes.api.model.PodConditionBuilder(c)
                        .withStatus("False").withLastTransitionTime(now).build() : c);
            }
            Pod updated = new PodBuilder(pod).editStatus().withConditions(conditions).endStatus().build();
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
                recorder.warning(pod, "NodeNotReady", "Node is not ready");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
                if (e.getCode() == 409) {
                    queue.addRateLimited(name);
                }
            }
        }
    }
}
