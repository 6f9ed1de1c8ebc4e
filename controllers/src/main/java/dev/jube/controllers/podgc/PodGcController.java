package dev.jube.controllers.podgc;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod garbage collector, run every check period: it force-deletes pods bound to
 * nodes that no longer exist (after a quarantine, and a fresh look at the API, so a node the
 * cache has not seen yet is not mistaken for a deleted one), terminating pods that were never
 * scheduled, terminating pods on not-ready nodes marked out-of-service, and the oldest finished
 * pods beyond the terminated-pod threshold.
 */
public final class PodGcController implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(PodGcController.class);
    public static final int DEFAULT_TERMINATED_POD_THRESHOLD = 12500;
    public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofSeconds(20);
    public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(40);
    static final String KEY = "podgc";
    static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private final int terminatedPodThreshold;
    private final Duration checkPeriod;
    private final Duration quarantine;
    /** Nodes missing from the cache, and since when. */
    private final Map<String, Instant> missingSince = new HashMap<>();
    private KubernetesClient client;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private WorkQueue queue;

    public PodGcController() {
        this(DEFAULT_TERMINATED_POD_THRESHOLD, DEFAULT_CHECK_PERIOD, DEFAULT_QUARANTINE);
    }

    /**
     * @param terminatedPodThreshold upstream's --terminated-pod-gc-threshold; 0 or less keeps them all
     */
    public PodGcController(int terminatedPodThreshold, Duration checkPeriod, Duration quarantine) {
        this.terminatedPodThreshold = terminatedPodThreshold;
        this.checkPeriod = checkPeriod;
        this.quarantine = quarantine;
    }

    @Override
    public String name() {
        return "podgc";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        pods = context.informer(Pod.class);
        nodes = context.informer(Node.class);
        queue.add(KEY);
    }

    @Override
    public synchronized void reconcile(String key) {
        try {
            List<Pod> all = pods.getIndexer().list();
            gcTerminated(all);
            gcTerminating(all);
            gcOrphaned(all);
            gcUnscheduledTerminating(all);
        } finally {
            queue.addAfter(KEY, checkPeriod);
        }
    }

    private static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private void gcTerminated(List<Pod> all) {
        if (terminatedPodThreshold <= 0) {
            return;
        }
        List<Pod> terminated = new ArrayList<>(all.stream().filter(PodGcController::terminated).toList());
        int excess = terminated.size() - terminatedPodThreshold;
        if (excess <= 0) {
            return;
        }
        terminated.sort(Comparator.comparing((Pod p) -> Times.parse(p.getMetadata().getCreationTimestamp()),
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(p -> p.getMetadata().getName()));
        for (Pod p : terminated.subList(0, excess)) {
            forceDelete(p, null);
        }
    }

    private void gcTerminating(List<Pod> all) {
        for (Pod p : all) {
            if (p.getMetadata().getDeletionTimestamp() == null || p.getSpec().getNodeName() == null) {
                continue;
            }
            Node node = nodes.getIndexer().getByKey(p.getSpec().getNodeName());
            if (node != null && !ready(node) && outOfService(node)) {
                forceDelete(p, "PodGC: node is out of service");
            }
        }
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean outOfService(Node node) {
        return node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(t -> OUT_OF_SERVICE.equals(t.getKey()) && "NoExecute".equals(t.getEffect()));
    }

    private void gcOrphaned(List<Pod> all) {
        Instant now = Instant.now();
        Map<String, Boolean> gone = new HashMap<>();
        for (Pod p : all) {
            String nodeName = p.getSpec().getNodeName();
            if (nodeName == null || nodeName.isEmpty() || nodes.getIndexer().getByKey(nodeName) != null) {
                continue;
            }
            Instant since = missingSince.computeIfAbsent(nodeName, n -> now);
            if (now.isBefore(since.plus(quarantine))) {
                queue.addAfter(KEY, Duration.between(now, since.plus(quarantine)).plusMillis(50));
                continue;
            }
            boolean isGone = gone.computeIfAbsent(nodeName, n -> client.nodes().withName(n).get() == null);
            if (isGone) {
                LOG.info("deleting pod {}/{} bound to the deleted node {}", p.getMetadata().getNamespace(),
                        p.getMetadata().getName(), nodeName);
                forceDelete(p, "PodGC: node no longer exists");
            }
        }
        missingSince.keySet().removeIf(n -> nodes.getIndexer().getByKey(n) != null
                || all.stream().noneMatch(p -> n.equals(p.getSpec().getNodeName())));
    }

    private void gcUnscheduledTerminating(List<Pod> all) {
        for (Pod p : all) {
            String nodeName = p.getSpec().getNodeName();
            if (p.getMetadata().getDeletionTimestamp() != null && (nodeName == null || nodeName.isEmpty())) {
                forceDelete(p, "PodGC: unscheduled pod is terminating");
            }
        }
    }

    /**
     * Marks a running pod Failed with the DisruptionTarget condition (so its controller sees why
     * it went), then deletes it at once, as upstream's markFailedAndDeletePod does.
     */
    private void forceDelete(Pod pod, String message) {
        String ns = pod.getMetadata().getNamespace();
        try {
            if (message != null && !terminated(pod)) {
                List<PodCondition> conditions = new ArrayList<>(pod.getStatus() == null
                        || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
                conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
                conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                        .withReason("DeletionByPodGC").withMessage(message).withLastTransitionTime(Times.now())
                        .build());
                client.pods().inNamespace(ns).resource(new PodBuilder(pod).editOrNewStatus().withPhase("Failed")
                        .withConditions(conditions).endStatus().build()).updateStatus();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return;
            }
            LOG.debug("could not mark pod {}/{} failed: {}", ns, pod.getMetadata().getName(), e.getMessage());
        }
        try {
            client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
