package dev.jube.controllers.nodelifecycle;

import dev.jube.api.selector.Tolerations;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's taint eviction controller: a pod on a node with NoExecute taints is deleted when
 * it does not tolerate one of them, or once the shortest tolerationSeconds of the tolerations
 * it uses has passed since the taint was added; tolerations without tolerationSeconds keep it
 * forever. (The API server gives every pod upstream's default 300 s tolerations of the
 * not-ready and unreachable taints.)
 */
public final class TaintEvictionController implements Controller {

    public static final String DISRUPTION_TARGET = "DisruptionTarget";

    private KubernetesClient client;
    private EventRecorder recorder;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue queue;

    @Override
    public String name() {
        return "taint-eviction-controller";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("taint-eviction-controller");
        nodes = context.informer(Node.class);
        pods = context.informer(Pod.class);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                if (!noExecuteTaints(node).isEmpty()) {
                    queuePodsOn(node.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (!Objects.equals(noExecuteTaints(oldNode), noExecuteTaints(newNode))) {
                    queuePodsOn(newNode.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {}
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queueIfScheduled(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!Objects.equals(oldPod.getSpec().getNodeName(), newPod.getSpec().getNodeName())
                        || !Objects.equals(oldPod.getSpec().getTolerations(), newPod.getSpec().getTolerations())) {
                    queueIfScheduled(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {}
        });
    }

    private void queueIfScheduled(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty()) {
            Node node = nodes.getIndexer().getByKey(nodeName);
            if (node != null && !noExecuteTaints(node).isEmpty()) {
                queue.add(Keys.of(pod));
            }
        }
    }

    private void queuePodsOn(String nodeName) {
        for (Pod pod : pods.getIndexer().list()) {
            if (nodeName.equals(pod.getSpec().getNodeName())) {
                queue.add(Keys.of(pod));
            }
        }
    }

    static List<Taint> noExecuteTaints(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return List.of();
        }
        return node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    }

    @Override
    public void reconcile(String key) {
        Pod pod = pods.getIndexer().getByKey(key);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || pod.getSpec().getNodeName() == null) {
            return;
        }
        Node node = nodes.getIndexer().getByKey(pod.getSpec().getNodeName());
        if (node == null) {
            return; // pods on deleted nodes are the pod garbage collector's
        }
        Instant now = Instant.now();
        Instant evictAt = evictionTime(pod, noExecuteTaints(node), now);
        if (evictAt == null) {
            return;
        }
        if (now.isBefore(evictAt)) {
            queue.addAfter(key, Duration.between(now, evictAt).plusMillis(50));
            return;
        }
        evict(pod);
    }

    /**
     * When the pod must go: now for an untolerated taint, the earliest taint time plus
     * tolerationSeconds otherwise; null if it may stay.
     */
    static Instant evictionTime(Pod pod, List<Taint> taints, Instant now) {
        Instant earliest = null;
        for (Taint taint : taints) {
            List<Toleration> used = Tolerations.matching(pod.getSpec().getTolerations(), taint);
            if (used.isEmpty()) {
                return now;
            }
            Long seconds = null;
            for (Toleration t : used) {
                if (t.getTolerationSeconds() == null) {
                    continue; // tolerates forever
                }
                long s = Math.max(0, t.getTolerationSeconds());
                seconds = seconds == null ? s : Math.min(seconds, s);
            }
            if (seconds == null) {
                continue;
            }
            Instant added = Times.parse(taint.getTimeAdded());
            Instant at = (added == null ? now : added).plusSeconds(seconds);
            if (earliest == null || at.isBefore(earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }

    private void evict(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        recorder.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + name);
        // As upstream: say why the pod goes before it goes.
        List<PodCondition> conditions = new ArrayList<>(pod.getStatus() == null || pod.getStatus().getConditions()
                == null ? List.of() : pod.getStatus().getConditions());
        if (conditions.stream().noneMatch(c -> DISRUPTION_TARGET.equals(c.getType()))) {
            conditions.add(new PodConditionBuilder().withType(DISRUPTION_TARGET).withStatus("True")
                    .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
                    .withLastTransitionTime(Times.now()).build());
            try {
                client.pods().inNamespace(ns).resource(new PodBuilder(pod).editOrNewStatus()
                        .withConditions(conditions).endStatus().build()).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                throw e;
            }
        }
        client.pods().inNamespace(ns).withName(name).delete();
    }
}
