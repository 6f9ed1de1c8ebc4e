package dev.jube.controllers.daemonset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.deployment.IntOrPercent;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Expectations;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.PodClaims;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.WorkQueue;
import dev.jube.controllers.history.RevisionHistory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DaemonSet controller: one pod per eligible node, created pinned to its node (the scheduler
 * binds it), deleted when the node stops qualifying or leaves, replaced by RollingUpdate or
 * OnDelete, with one ControllerRevision per template. Pod names are generated, so creations and
 * deletions are tracked with expectations until the informer shows them.
 */
public final class DaemonSetController implements Controller {

    static final String API_VERSION = "apps/v1";
    static final String KIND = "DaemonSet";
    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName());

    private final Expectations expectations = new Expectations();
    private KubernetesClient client;
    private WorkQueue queue;
    private EventRecorder recorder;
    private SharedIndexInformer<DaemonSet> daemonSets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private RevisionHistory history;

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("daemonset-controller");
        this.daemonSets = context.informer(DaemonSet.class);
        this.pods = context.informer(Pod.class);
        this.nodes = context.informer(Node.class);
        this.history = new RevisionHistory(client, context.informer(ControllerRevision.class), API_VERSION, KIND);
        daemonSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(DaemonSet ds) {
                queue.add(Keys.of(ds));
            }

            @Override
            public void onUpdate(DaemonSet o, DaemonSet n) {
                queue.add(Keys.of(n));
            }

            @Override
            public void onDelete(DaemonSet ds, boolean unknown) {
                expectations.delete(Keys.of(ds));
                queue.add(Keys.of(ds));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                DaemonSet ds = ownerOf(p);
                if (ds == null) {
                    if (OwnerRefs.controllerOf(p) == null) {
                        enqueueSelecting(p);
                    }
                    return;
                }
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(Keys.of(ds), Keys.of(p));
                } else {
                    expectations.creationObserved(Keys.of(ds));
                }
                queue.add(Keys.of(ds));
            }

            @Override
            public void onUpdate(Pod o, Pod n) {
                if (Objects.equals(o.getMetadata().getResourceVersion(), n.getMetadata().getResourceVersion())) {
                    return;
                }
                DaemonSet ds = ownerOf(n);
                if (ds == null) {
                    if (OwnerRefs.controllerOf(n) == null) {
                        enqueueSelecting(n);
                    }
                    return;
                }
                if (n.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(Keys.of(ds), Keys.of(n));
                }
                queue.add(Keys.of(ds));
                int minReady = minReadySeconds(ds);
                if (!Pods.isReady(o) && Pods.isReady(n) && minReady > 0) {
                    queue.addAfter(Keys.of(ds), Duration.ofSeconds(minReady).plusSeconds(1));
                }
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
                DaemonSet ds = ownerOf(p);
                if (ds != null) {
                    expectations.deletionObserved(Keys.of(ds), Keys.of(p));
                    queue.add(Keys.of(ds));
                }
            }
        });
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                enqueueAll();
            }

            @Override
            public void onUpdate(Node o, Node n) {
                // Heartbeats change nothing a daemon pod depends on.
                if (!Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
                        || !Objects.equals(o.getSpec(), n.getSpec())) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
                enqueueAll();
            }
        });
    }

    /** Wakes the daemon sets that select an orphan, so one of them adopts it. */
    private void enqueueSelecting(Pod pod) {
        for (DaemonSet ds : daemonSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            try {
                if (Selectors.matches(Selectors.of(ds.getSpec().getSelector()), pod.getMetadata().getLabels())) {
                    queue.add(Keys.of(ds));
                }
            } catch (RuntimeException e) {
                // an invalid selector adopts nothing
            }
        }
    }

    private void enqueueAll() {
        daemonSets.getIndexer().list().forEach(ds -> queue.add(Keys.of(ds)));
    }

    private DaemonSet ownerOf(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !KIND.equals(ref.getKind())) {
            return null;
        }
        DaemonSet ds = daemonSets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName()));
        return ds != null && Objects.equals(ds.getMetadata().getUid(), ref.getUid()) ? ds : null;
    }

    static int minReadySeconds(DaemonSet ds) {
        return ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    }

    // ---- sync

    @Override
    public void reconcile(String key) {
        DaemonSet ds = daemonSets.getIndexer().getByKey(key);
        if (ds == null) {
            expectations.delete(key);
            return;
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return; // the garbage collector removes the pods
        }
        LabelSelector selector;
        try {
            selector = Selectors.of(ds.getSpec().getSelector());
        } catch (RuntimeException e) {
            recorder.warning(ds, "InvalidSelector", "invalid selector: " + e.getMessage());
            return;
        }
        List<ControllerRevision> revisions = new ArrayList<>(history.claim(ds, selector));
        int collisions = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 0
                : ds.getStatus().getCollisionCount();
        RevisionHistory.Update update = history.ensure(ds, ds.getSpec().getTemplate(), revisions, collisions);
        String hash = RevisionHistory.hashOf(update.revision());

        Instant now = Instant.now();
        PodSpec spec = DaemonPods.specWithTolerations(ds.getSpec().getTemplate());
        Map<String, NodeEligibility> eligibility = new TreeMap<>();
        for (Node node : nodes.getIndexer().list()) {
            eligibility.put(node.getMetadata().getName(), NodeEligibility.of(ds, spec, node));
        }
        Map<String, List<Pod>> byNode = podsByNode(ds, selector);
        if (expectations.satisfied(key)) {
            boolean changed = manage(key, ds, hash, eligibility, byNode);
            DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
            boolean rolling = strategy == null || !"OnDelete".equals(strategy.getType());
            if (!changed && rolling) {
                rollingUpdate(key, ds, hash, eligibility, byNode, now);
            }
        }

        DaemonSetStatus status = status(ds, hash, eligibility, byNode, update.collisionCount(), now);
        if (!Objects.equals(status, ds.getStatus())) {
            DaemonSet copy = new DaemonSetBuilder(ds).withStatus(status).build();
            client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(copy).updateStatus();
        }
        Set<String> live = new HashSet<>();
        live.add(update.revision().getMetadata().getName());
        Set<String> liveHashes = new HashSet<>();
        byNode.values().forEach(list -> list.forEach(p -> liveHashes.add(DaemonPods.hashOf(p))));
        for (ControllerRevision r : revisions) {
            if (liveHashes.contains(RevisionHistory.hashOf(r))) {
                live.add(r.getMetadata().getName());
            }
        }
        Integer limit = ds.getSpec().getRevisionHistoryLimit();
        history.truncate(revisions, live, limit == null ? 10 : limit);
        int minReady = minReadySeconds(ds);
        if (minReady > 0 && status.getNumberAvailable() < status.getNumberReady()) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
    }

    /** The set's pods (terminating ones included) by the node they are for, oldest first. */
    private Map<String, List<Pod>> podsByNode(DaemonSet ds, LabelSelector selector) {
        Map<String, List<Pod>> byNode = new TreeMap<>();
        List<Pod> claimed = PodClaims.claim(client, ds, API_VERSION, KIND, selector,
                pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ds.getMetadata().getNamespace()), p -> true,
                () -> client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace())
                        .withName(ds.getMetadata().getName()).get());
        for (Pod p : claimed) {
            String node = DaemonPods.targetNode(p);
            if (node != null) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        byNode.values().forEach(list -> list.sort(OLDEST_FIRST));
        return byNode;
    }

    private static List<Pod> active(List<Pod> pods) {
        return pods == null ? List.of() : pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean surging(DaemonSet ds) {
        DaemonSetUpdateStrategy s = ds.getSpec().getUpdateStrategy();
        if (s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getMaxSurge() == null) {
            return false;
        }
        IntOrString surge = s.getRollingUpdate().getMaxSurge();
        return surge.getIntVal() != null ? surge.getIntVal() > 0 : !"0%".equals(surge.getStrVal());
    }

    /**
     * Upstream's manage: a pod on each node that should run one, none on nodes that should not,
     * failed pods replaced, duplicates removed. True if it created or deleted anything.
     */
    private boolean manage(String key, DaemonSet ds, String hash, Map<String, NodeEligibility> eligibility,
            Map<String, List<Pod>> byNode) {
        List<String> createOn = new ArrayList<>();
        List<Pod> delete = new ArrayList<>();
        for (Map.Entry<String, NodeEligibility> e : eligibility.entrySet()) {
            String node = e.getKey();
            NodeEligibility el = e.getValue();
            List<Pod> onNode = active(byNode.get(node));
            if (el.shouldRun() && onNode.isEmpty()) {
                createOn.add(node);
            } else if (el.shouldContinueRunning()) {
                List<Pod> running = new ArrayList<>();
                for (Pod p : onNode) {
                    if ("Failed".equals(p.getStatus() == null ? null : p.getStatus().getPhase())) {
                        recorder.warning(ds, "FailedDaemonPod", "Found failed daemon pod "
                                + Keys.of(p) + " on node " + node + ", will try to kill it");
                        delete.add(p);
                    } else {
                        running.add(p);
                    }
                }
                if (!surging(ds)) {
                    if (running.size() > 1) {
                        delete.addAll(running.subList(1, running.size())); // keep the oldest
                    }
                } else {
                    // While surging a node may hold one old and one new pod: keep the oldest of each.
                    Pod oldestNew = running.stream().filter(p -> hash.equals(DaemonPods.hashOf(p))).findFirst().orElse(null);
                    Pod oldestOld = running.stream().filter(p -> !hash.equals(DaemonPods.hashOf(p))).findFirst().orElse(null);
                    running.stream().filter(p -> p != oldestNew && p != oldestOld).forEach(delete::add);
                }
            } else {
                delete.addAll(onNode);
            }
        }
        // Pods for nodes that no longer exist go too, so pods follow nodes leaving.
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            if (!eligibility.containsKey(e.getKey())) {
                delete.addAll(active(e.getValue()));
            }
        }
        return syncNodes(key, ds, hash, createOn, delete);
    }

    private void rollingUpdate(String key, DaemonSet ds, String hash, Map<String, NodeEligibility> eligibility,
            Map<String, List<Pod>> byNode, Instant now) {
        Map<String, List<Pod>> candidates = new TreeMap<>();
        int desired = 0;
        for (Map.Entry<String, NodeEligibility> e : eligibility.entrySet()) {
            if (e.getValue().shouldRun()) {
                desired++;
                List<Pod> onNode = active(byNode.get(e.getKey()));
                if (!onNode.isEmpty()) {
                    candidates.put(e.getKey(), onNode);
                }
            }
        }
        DaemonSetUpdateStrategy s = ds.getSpec().getUpdateStrategy();
        IntOrString surgeValue = s == null || s.getRollingUpdate() == null ? null : s.getRollingUpdate().getMaxSurge();
        IntOrString unavailableValue = s == null || s.getRollingUpdate() == null ? null
                : s.getRollingUpdate().getMaxUnavailable();
        int maxSurge = IntOrPercent.scaled(surgeValue, desired, true);
        int maxUnavailable = unavailableValue == null ? 1 : IntOrPercent.scaled(unavailableValue, desired, true);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        DaemonRollout.Plan plan = DaemonRollout.plan(candidates, hash, maxSurge, maxUnavailable,
                minReadySeconds(ds), now);
        syncNodes(key, ds, hash, plan.createOn(), plan.delete());
    }

    /** Creates a pod on each of {@code createOn} and deletes {@code delete}; true if it did anything. */
    private boolean syncNodes(String key, DaemonSet ds, String hash, List<String> createOn, List<Pod> delete) {
        if (createOn.isEmpty() && delete.isEmpty()) {
            return false;
        }
        Set<String> deleteKeys = new HashSet<>();
        delete.forEach(p -> deleteKeys.add(Keys.of(p)));
        expectations.expect(key, createOn.size(), deleteKeys);
        RuntimeException failure = null;
        String ns = ds.getMetadata().getNamespace();
        // Deletions first, so a surge never holds more than maxSurge extra pods even for a moment.
        for (Pod p : delete) {
            try {
                boolean deleted = !client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete().isEmpty();
                if (deleted) {
                    recorder.normal(ds, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
                } else {
                    expectations.deletionObserved(key, Keys.of(p));
                }
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, Keys.of(p));
                if (e.getCode() != 404) {
                    recorder.warning(ds, "FailedDelete", "Error deleting: " + e.getMessage());
                    failure = failure == null ? e : failure;
                }
            }
        }
        for (String node : createOn) {
            try {
                Pod created = client.pods().inNamespace(ns).resource(DaemonPods.newPod(ds, hash, node)).create();
                recorder.normal(ds, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            } catch (KubernetesClientException e) {
                expectations.creationObserved(key);
                recorder.warning(ds, "FailedCreate", "Error creating: " + e.getMessage());
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    private DaemonSetStatus status(DaemonSet ds, String hash, Map<String, NodeEligibility> eligibility,
            Map<String, List<Pod>> byNode, int collisionCount, Instant now) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        int minReady = minReadySeconds(ds);
        for (Map.Entry<String, NodeEligibility> e : eligibility.entrySet()) {
            List<Pod> onNode = active(byNode.get(e.getKey()));
            boolean scheduled = !onNode.isEmpty();
            if (e.getValue().shouldRun()) {
                desired++;
                if (scheduled) {
                    current++;
                    Pod pod = onNode.getFirst();
                    if (Pods.isReady(pod)) {
                        ready++;
                        if (Pods.isAvailable(pod, minReady, now)) {
                            available++;
                        }
                    }
                    if (hash.equals(DaemonPods.hashOf(pod))) {
                        updated++;
                    }
                }
            } else if (scheduled) {
                misscheduled++;
            }
        }
        Long generation = ds.getMetadata().getGeneration();
        return new DaemonSetStatusBuilder()
                .withObservedGeneration(generation == null ? 0 : generation)
                .withDesiredNumberScheduled(desired).withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled).withNumberReady(ready).withNumberAvailable(available)
                .withUpdatedNumberScheduled(updated).withNumberUnavailable(desired - available)
                .withCollisionCount(collisionCount)
                .withConditions(ds.getStatus() == null ? null : ds.getStatus().getConditions())
                .build();
    }
}
