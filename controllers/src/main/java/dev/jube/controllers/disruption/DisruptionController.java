package dev.jube.controllers.disruption;

import dev.jube.controllers.deployment.IntOrPercent;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.Times;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upstream's disruption controller: keeps each PodDisruptionBudget's status current. The
 * healthy pods are the selected pods that are Ready and not being deleted (and not just
 * evicted, per disruptedPods); the desired number comes from minAvailable, or, for
 * maxUnavailable and percentages, from the scale of the pods' controllers (Deployment,
 * ReplicaSet, ReplicationController, StatefulSet). disruptionsAllowed is the difference, and
 * the DisruptionAllowed condition says whether an eviction may go ahead.
 */
public final class DisruptionController implements Controller {

    /** How long an eviction recorded in disruptedPods waits for the pod's deletion to show. */
    public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
    public static final String CONDITION = "DisruptionAllowed";

    private KubernetesClient client;
    private EventRecorder recorder;
    private WorkQueue queue;
    private SharedIndexInformer<PodDisruptionBudget> budgets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicationController> replicationControllers;
    private SharedIndexInformer<StatefulSet> statefulSets;

    @Override
    public String name() {
        return "disruption";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("controllermanager");
        budgets = context.informer(PodDisruptionBudget.class);
        pods = context.informer(Pod.class);
        replicaSets = context.informer(ReplicaSet.class);
        deployments = context.informer(Deployment.class);
        replicationControllers = context.informer(ReplicationController.class);
        statefulSets = context.informer(StatefulSet.class);
        budgets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PodDisruptionBudget pdb) {
                queue.add(Keys.of(pdb));
            }

            @Override
            public void onUpdate(PodDisruptionBudget oldPdb, PodDisruptionBudget newPdb) {
                queue.add(Keys.of(newPdb));
            }

            @Override
            public void onDelete(PodDisruptionBudget pdb, boolean finalStateUnknown) {}
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queueBudgetsOf(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
                    queueBudgetsOf(newPod);
                    if (!Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                        queueBudgetsOf(oldPod);
                    }
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                queueBudgetsOf(pod);
            }
        });
        // A controller's scale changes the expected pods of budgets using maxUnavailable or percentages.
        ResourceEventHandler<io.fabric8.kubernetes.api.model.HasMetadata> scaleChanged = new ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.HasMetadata obj) {}

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.HasMetadata o, io.fabric8.kubernetes.api.model.HasMetadata n) {
                if (!Objects.equals(o.getMetadata().getGeneration(), n.getMetadata().getGeneration())) {
                    budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, n.getMetadata().getNamespace())
                            .forEach(b -> queue.add(Keys.of(b)));
                }
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.HasMetadata obj, boolean finalStateUnknown) {}
        };
        addHandler(deployments, scaleChanged);
        addHandler(replicaSets, scaleChanged);
        addHandler(replicationControllers, scaleChanged);
        addHandler(statefulSets, scaleChanged);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addHandler(SharedIndexInformer informer,
                                   ResourceEventHandler<io.fabric8.kubernetes.api.model.HasMetadata> handler) {
        informer.addEventHandler(handler);
    }

    private void queueBudgetsOf(Pod pod) {
        for (PodDisruptionBudget pdb : budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX,
                pod.getMetadata().getNamespace())) {
            try {
                if (Selectors.matches(Selectors.of(pdb.getSpec().getSelector()), pod.getMetadata().getLabels())) {
                    queue.add(Keys.of(pdb));
                }
            } catch (RuntimeException e) {
                // An invalid selector selects nothing; its budget reports the failure when synced.
            }
        }
    }

    @Override
    public void reconcile(String key) {
        PodDisruptionBudget pdb = budgets.getIndexer().getByKey(key);
        if (pdb == null) {
            return;
        }
        Instant now = Instant.now();
        List<Pod> selected;
        try {
            selected = selectedPods(pdb);
        } catch (RuntimeException e) {
            failSafe(pdb, "invalid selector: " + e.getMessage());
            return;
        }
        if (selected.isEmpty()) {
            recorder.normal(pdb, "NoPods", "No matching pods found");
        }
        int expected;
        int desiredHealthy;
        try {
            int[] counts = expectedAndDesired(pdb, selected);
            expected = counts[0];
            desiredHealthy = counts[1];
        } catch (IllegalStateException | IllegalArgumentException e) {
            recorder.warning(pdb, "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage());
            failSafe(pdb, e.getMessage());
            return;
        }
        // Evictions not yet seen as deletions still count as disrupted, for a while.
        Map<String, String> disrupted = new TreeMap<>();
        Instant recheck = null;
        Map<String, String> recorded = pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null
                ? Map.of() : pdb.getStatus().getDisruptedPods();
        Map<String, Pod> byName = new HashMap<>();
        selected.forEach(p -> byName.put(p.getMetadata().getName(), p));
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            Pod p = byName.get(e.getKey());
            Instant at = Times.parse(e.getValue());
            if (p == null || p.getMetadata().getDeletionTimestamp() != null || at == null) {
                continue;
            }
            Instant expires = at.plus(DELETION_TIMEOUT);
            if (!expires.isAfter(now)) {
                continue;
            }
            disrupted.put(e.getKey(), e.getValue());
            recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
        }
        int healthy = 0;
        for (Pod p : selected) {
            if (Pods.isReady(p) && p.getMetadata().getDeletionTimestamp() == null
                    && !disrupted.containsKey(p.getMetadata().getName())) {
                healthy++;
            }
        }
        int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desiredHealthy);
        Condition condition = allowed > 0
                ? condition(pdb, "True", "SufficientPods", "")
                : condition(pdb, "False", "InsufficientPods", "");
        writeStatus(pdb, new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(healthy)
                .withDesiredHealthy(desiredHealthy).withExpectedPods(expected).withDisruptionsAllowed(allowed)
                .withDisruptedPods(disrupted.isEmpty() ? null : disrupted)
                .withObservedGeneration(pdb.getMetadata().getGeneration()).withConditions(condition).build());
        if (recheck != null) {
            queue.addAfter(key, Duration.between(now, recheck).plusMillis(100));
        }
    }

    private List<Pod> selectedPods(PodDisruptionBudget pdb) {
        var selector = Selectors.of(pdb.getSpec().getSelector());
        List<Pod> result = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pdb.getMetadata().getNamespace())) {
            if (Selectors.matches(selector, p.getMetadata().getLabels())) {
                result.add(p);
            }
        }
        return result;
    }

    /** expectedPods and desiredHealthy, as upstream's getExpectedPodCount. */
    private int[] expectedAndDesired(PodDisruptionBudget pdb, List<Pod> selected) {
        var spec = pdb.getSpec();
        if (spec.getMaxUnavailable() != null) {
            int expected = expectedScale(selected);
            int maxUnavailable = IntOrPercent.scaled(spec.getMaxUnavailable(), expected, true);
            return new int[] {expected, Math.max(0, expected - maxUnavailable)};
        }
        if (spec.getMinAvailable() != null) {
            if (spec.getMinAvailable().getIntVal() != null) {
                return new int[] {selected.size(), spec.getMinAvailable().getIntVal()};
            }
            int expected = expectedScale(selected);
            return new int[] {expected, IntOrPercent.scaled(spec.getMinAvailable(), expected, true)};
        }
        return new int[] {0, 0};
    }

    /** The summed scale of the controllers of {@code selected}, each counted once. */
    private int expectedScale(List<Pod> selected) {
        Map<String, Integer> scales = new HashMap<>();
        for (Pod p : selected) {
            OwnerReference ref = OwnerRefs.controllerOf(p);
            if (ref == null) {
                throw new IllegalStateException("found no controller ref for pod \"" + p.getMetadata().getName() + "\"");
            }
            String ns = p.getMetadata().getNamespace();
            if (scales.containsKey(ref.getUid())) {
                continue;
            }
            switch (ref.getKind()) {
                case "ReplicaSet" -> {
                    ReplicaSet rs = owned(replicaSets, ns, ref);
                    OwnerReference dref = rs == null ? null : OwnerRefs.controllerOf(rs);
                    Deployment d = dref != null && "Deployment".equals(dref.getKind()) ? owned(deployments, ns, dref) : null;
                    if (d != null) {
                        scales.putIfAbsent(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas()));
                    } else if (rs != null) {
                        scales.put(ref.getUid(), replicas(rs.getSpec().getReplicas()));
                    } else {
                        throw missing(p, ref);
                    }
                }
                case "ReplicationController" -> {
                    ReplicationController rc = owned(replicationControllers, ns, ref);
                    if (rc == null) {
                        throw missing(p, ref);
                    }
                    scales.put(ref.getUid(), replicas(rc.getSpec().getReplicas()));
                }
                case "StatefulSet" -> {
                    StatefulSet ss = owned(statefulSets, ns, ref);
                    if (ss == null) {
                        throw missing(p, ref);
                    }
                    scales.put(ref.getUid(), replicas(ss.getSpec().getReplicas()));
                }
                default -> throw new IllegalStateException("found no controllers for pod \""
                        + p.getMetadata().getName() + "\"");
            }
        }
        return scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static IllegalStateException missing(Pod p, OwnerReference ref) {
        return new IllegalStateException("found no controllers for pod \"" + p.getMetadata().getName() + "\" ("
                + ref.getKind() + " " + ref.getName() + ")");
    }

    private static int replicas(Integer r) {
        return r == null ? 1 : r;
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T owned(SharedIndexInformer<T> informer,
                                                                                  String ns, OwnerReference ref) {
        T obj = informer.getIndexer().getByKey(Keys.of(ns, ref.getName()));
        return obj != null && Objects.equals(obj.getMetadata().getUid(), ref.getUid()) ? obj : null;
    }

    private static Condition condition(PodDisruptionBudget pdb, String status, String reason, String message) {
        Condition old = pdb.getStatus() == null || pdb.getStatus().getConditions() == null ? null
                : pdb.getStatus().getConditions().stream().filter(c -> CONDITION.equals(c.getType())).findFirst()
                        .orElse(null);
        String transition = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : Times.now();
        return new ConditionBuilder().withType(CONDITION).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(pdb.getMetadata().getGeneration()).withLastTransitionTime(transition).build();
    }

    /** Upstream's failSafe: no disruptions while the budget cannot be computed. */
    private void failSafe(PodDisruptionBudget pdb, String message) {
        PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        writeStatus(pdb, new PodDisruptionBudgetStatusBuilder(old).withDisruptionsAllowed(0)
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withConditions(condition(pdb, "False", "SyncFailed", message)).build());
    }

    private void writeStatus(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
        if (sameStatus(pdb.getStatus(), status)) {
            return;
        }
        PodDisruptionBudget updated = new PodDisruptionBudgetBuilder(pdb).withStatus(status).build();
        client.policy().v1().podDisruptionBudget().inNamespace(pdb.getMetadata().getNamespace()).resource(updated)
                .updateStatus();
    }

    private static boolean sameStatus(PodDisruptionBudgetStatus a, PodDisruptionBudgetStatus b) {
        if (a == null) {
            return false;
        }
        return Objects.equals(a.getCurrentHealthy(), b.getCurrentHealthy())
                && Objects.equals(a.getDesiredHealthy(), b.getDesiredHealthy())
                && Objects.equals(a.getExpectedPods(), b.getExpectedPods())
                && Objects.equals(a.getDisruptionsAllowed(), b.getDisruptionsAllowed())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(emptyIfNull(a.getDisruptedPods()), emptyIfNull(b.getDisruptedPods()))
                && Objects.equals(conditionKey(a), conditionKey(b));
    }

    private static Map<String, String> emptyIfNull(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static String conditionKey(PodDisruptionBudgetStatus s) {
        if (s.getConditions() == null) {
            return "";
        }
        return s.getConditions().stream().filter(c -> CONDITION.equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason() + "/" + c.getMessage()).findFirst().orElse("");
    }
}
