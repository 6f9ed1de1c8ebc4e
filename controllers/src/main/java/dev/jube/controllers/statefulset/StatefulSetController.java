package dev.jube.controllers.statefulset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.deployment.IntOrPercent;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.PodClaims;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.WorkQueue;
import dev.jube.controllers.history.RevisionHistory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
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
import java.util.Objects;
import java.util.Set;

/**
 * The StatefulSet controller (upstream's StatefulSetControl): pods with stable names and claims,
 * created in ordinal order and deleted in reverse (OrderedReady) or all at once (Parallel),
 * updated from the highest ordinal down to the partition, with one ControllerRevision per
 * template. Pod names are deterministic, so a lagging cache at worst makes a create answer
 * AlreadyExists; no expectations are needed.
 */
public final class StatefulSetController implements Controller {

    static final String API_VERSION = "apps/v1";
    static final String KIND = "StatefulSet";
    static final String PARALLEL = "Parallel";
    static final String ON_DELETE = "OnDelete";

    private KubernetesClient client;
    private WorkQueue queue;
    private EventRecorder recorder;
    private SharedIndexInformer<StatefulSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private RevisionHistory history;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder("statefulset-controller");
        this.sets = context.informer(StatefulSet.class);
        this.pods = context.informer(Pod.class);
        this.claims = context.informer(PersistentVolumeClaim.class);
        SharedIndexInformer<ControllerRevision> revisions = context.informer(ControllerRevision.class);
        this.history = new RevisionHistory(client, revisions, API_VERSION, KIND);
        sets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(StatefulSet s) {
                queue.add(Keys.of(s));
            }

            @Override
            public void onUpdate(StatefulSet o, StatefulSet n) {
                queue.add(Keys.of(n));
            }

            @Override
            public void onDelete(StatefulSet s, boolean unknown) {
                queue.add(Keys.of(s));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                enqueueOwner(p);
            }

            @Override
            public void onUpdate(Pod o, Pod n) {
                if (Objects.equals(o.getMetadata().getResourceVersion(), n.getMetadata().getResourceVersion())) {
                    return;
                }
                enqueueOwner(n);
                StatefulSet set = ownerOf(n);
                if (set != null && !Pods.isReady(o) && Pods.isReady(n) && minReadySeconds(set) > 0) {
                    queue.addAfter(Keys.of(set), Duration.ofSeconds(minReadySeconds(set)).plusSeconds(1));
                }
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
                enqueueOwner(p);
            }
        });
    }

    private StatefulSet ownerOf(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !KIND.equals(ref.getKind())) {
            return null;
        }
        StatefulSet set = sets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName()));
        return set != null && Objects.equals(set.getMetadata().getUid(), ref.getUid()) ? set : null;
    }

    private void enqueueOwner(Pod pod) {
        StatefulSet set = ownerOf(pod);
        if (set != null) {
            queue.add(Keys.of(set));
        } else if (OwnerRefs.controllerOf(pod) == null) {
            // An orphan: wake the sets that select it, so one of them adopts it.
            for (StatefulSet s : sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
                try {
                    if (Selectors.matches(Selectors.of(s.getSpec().getSelector()), pod.getMetadata().getLabels())) {
                        queue.add(Keys.of(s));
                    }
                } catch (RuntimeException e) {
                    // an invalid selector adopts nothing
                }
            }
        }
    }

    // ---- sync

    @Override
    public void reconcile(String key) {
        StatefulSet set = sets.getIndexer().getByKey(key);
        if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
            return; // the garbage collector removes the pods (and claims owned by the set)
        }
        LabelSelector selector;
        try {
            selector = Selectors.of(set.getSpec().getSelector());
        } catch (RuntimeException e) {
            recorder.warning(set, "InvalidSelector", "invalid selector: " + e.getMessage());
            return;
        }
        List<Pod> owned = PodClaims.claim(client, set, API_VERSION, KIND, selector,
                pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, set.getMetadata().getNamespace()),
                p -> StatefulPods.ordinalOf(set, p) >= 0,
                () -> client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace())
                        .withName(set.getMetadata().getName()).get());
        List<ControllerRevision> revisions = new ArrayList<>(history.claim(set, selector));
        int collisions = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0
                : set.getStatus().getCollisionCount();
        RevisionHistory.Update update = history.ensure(set, set.getSpec().getTemplate(), revisions, collisions);
        ControllerRevision updateRevision = update.revision();
        revisions.removeIf(r -> r.getMetadata().getName().equals(updateRevision.getMetadata().getName()));
        revisions.add(updateRevision);
        revisions.sort(Comparator.comparingLong(RevisionHistory::number));
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision currentRevision = revisions.stream()
                .filter(r -> r.getMetadata().getName().equals(currentName)).findFirst().orElse(updateRevision);

        Instant now = Instant.now();
        Slots slots = Slots.of(set, owned);
        new Sync(set, slots, history.templateOf(currentRevision), currentRevision.getMetadata().getName(),
                set.getSpec().getTemplate(), updateRevision.getMetadata().getName(), now).run();

        StatefulSetStatus status = status(set, owned, currentRevision, updateRevision, update.collisionCount(), now);
        if (!Objects.equals(status, set.getStatus())) {
            StatefulSet copy = new StatefulSetBuilder(set).withStatus(status).build();
            client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(copy).updateStatus();
        }
        Set<String> live = new HashSet<>();
        live.add(status.getCurrentRevision());
        live.add(status.getUpdateRevision());
        owned.forEach(p -> live.add(StatefulPods.revisionOf(p)));
        Integer limit = set.getSpec().getRevisionHistoryLimit();
        history.truncate(revisions, live, limit == null ? 10 : limit);
        int minReady = minReadySeconds(set);
        if (minReady > 0 && status.getAvailableReplicas() < status.getReadyReplicas()) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
    }

    static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    static int minReadySeconds(StatefulSet set) {
        return set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    }

    static int startOrdinal(StatefulSet set) {
        return set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null ? 0
                : set.getSpec().getOrdinals().getStart();
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isFailed(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    static boolean isRunningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && Pods.isReady(pod);
    }

    /** Running, ready for minReadySeconds and not being deleted: upstream's isHealthy. */
    static boolean isHealthy(Pod pod, int minReadySeconds, Instant now) {
        return pod != null && !isTerminating(pod) && isRunningAndReady(pod)
                && Pods.isAvailable(pod, minReadySeconds, now);
    }

    /** The pods in the ordinal range by position, and the condemned ones above it, highest first. */
    record Slots(Pod[] replicas, List<Pod> condemned) {
        static Slots of(StatefulSet set, List<Pod> owned) {
            int start = startOrdinal(set);
            Pod[] replicas = new Pod[StatefulSetController.replicas(set)];
            List<Pod> condemned = new ArrayList<>();
            for (Pod p : owned) {
                int ord = StatefulPods.ordinalOf(set, p);
                if (ord < 0) {
                    continue;
                }
                if (ord >= start && ord < start + replicas.length) {
                    replicas[ord - start] = p;
                } else {
                    condemned.add(p);
                }
            }
            condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinalOf(set, p)).reversed());
            return new Slots(replicas, condemned);
        }
    }

    /** One pass of upstream's updateStatefulSet over a snapshot of the set's pods. */
    private final class Sync {
        private final StatefulSet set;
        private final Slots slots;
        private final PodTemplateSpec currentTemplate;
        private final String currentRevision;
        private final PodTemplateSpec updateTemplate;
        private final String updateRevision;
        private final Instant now;
        private final boolean monotonic;
        private final int start;
        private final int minReady;

        Sync(StatefulSet set, Slots slots, PodTemplateSpec currentTemplate, String currentRevision,
                PodTemplateSpec updateTemplate, String updateRevision, Instant now) {
            this.set = set;
            this.slots = slots;
            this.currentTemplate = currentTemplate;
            this.currentRevision = currentRevision;
            this.updateTemplate = updateTemplate;
            this.updateRevision = updateRevision;
            this.now = now;
            this.monotonic = !PARALLEL.equals(set.getSpec().getPodManagementPolicy());
            this.start = startOrdinal(set);
            this.minReady = minReadySeconds(set);
        }

        void run() {
            Pod[] replicas = slots.replicas();
            // Failed pods are deleted so the next pass recreates them under the same name.
            for (Pod p : replicas) {
                if (p != null && isFailed(p) && !isTerminating(p)) {
                    deletePod(p);
                    if (monotonic) {
                        return;
                    }
                }
            }
            for (int i = 0; i < replicas.length; i++) {
                Pod pod = replicas[i];
                int ordinal = start + i;
                if (pod == null) {
                    createPod(ordinal);
                    if (monotonic) {
                        return;
                    }
                    continue;
                }
                if (isFailed(pod) || isTerminating(pod) || !isRunningAndReady(pod)) {
                    if (monotonic) {
                        return; // wait for it before touching the next ordinal
                    }
                    continue;
                }
                if (monotonic && !Pods.isAvailable(pod, minReady, now)) {
                    return;
                }
                ensureClaims(pod, ordinal, false);
            }
            if (!scaleDown()) {
                return;
            }
            rollingUpdate();
        }

        /** Deletes condemned pods from the highest ordinal; false while it must wait. */
        private boolean scaleDown() {
            Pod firstUnhealthy = null;
            List<Pod> all = new ArrayList<>();
            for (Pod p : slots.replicas()) {
                all.add(p);
            }
            all.addAll(slots.condemned().reversed());
            for (Pod p : all) {
                if (p != null && !isHealthy(p, minReady, now)) {
                    firstUnhealthy = p;
                    break;
                }
            }
            for (Pod pod : slots.condemned()) {
                if (isTerminating(pod)) {
                    if (monotonic) {
                        return false;
                    }
                    continue;
                }
                // In order, an unhealthy pod blocks the scale-down unless it is the one to go first.
                if (monotonic && !isRunningAndReady(pod) && pod != firstUnhealthy) {
                    return false;
                }
                ensureClaims(pod, StatefulPods.ordinalOf(set, pod), true);
                deletePod(pod);
                if (monotonic) {
                    return false;
                }
            }
            return true;
        }

        private void rollingUpdate() {
            StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
            if (strategy != null && ON_DELETE.equals(strategy.getType())) {
                return;
            }
            Pod[] replicas = slots.replicas();
            int partition = 0;
            IntOrString maxUnavailableValue = null;
            if (strategy != null && strategy.getRollingUpdate() != null) {
                if (strategy.getRollingUpdate().getPartition() != null) {
                    partition = strategy.getRollingUpdate().getPartition();
                }
                maxUnavailableValue = strategy.getRollingUpdate().getMaxUnavailable();
            }
            int maxUnavailable = maxUnavailableValue == null ? 1
                    : Math.max(1, IntOrPercent.scaled(maxUnavailableValue, replicas.length, true));
            int unavailable = 0;
            for (Pod p : replicas) {
                if (!isHealthy(p, minReady, now)) {
                    unavailable++;
                }
            }
            // Pods are replaced from the highest ordinal down to the partition, never leaving
            // more than maxUnavailable pods unhealthy.
            int updateMin = Math.max(0, partition - start);
            for (int i = replicas.length - 1; i >= updateMin && unavailable < maxUnavailable; i--) {
                Pod pod = replicas[i];
                if (pod != null && !updateRevision.equals(StatefulPods.revisionOf(pod)) && !isTerminating(pod)) {
                    boolean wasHealthy = isHealthy(pod, minReady, now);
                    deletePod(pod);
                    if (wasHealthy) {
                        unavailable++;
                    }
                }
            }
        }

        private void createPod(int ordinal) {
            StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
            boolean rolling = strategy == null || !ON_DELETE.equals(strategy.getType());
            int partition = rolling && strategy != null && strategy.getRollingUpdate() != null
                    && strategy.getRollingUpdate().getPartition() != null ? strategy.getRollingUpdate().getPartition() : 0;
            // Below the partition, pods keep the current revision; OnDelete recreates from the update.
            boolean current = rolling && ordinal < partition;
            Pod pod = current ? StatefulPods.newPod(set, currentTemplate, currentRevision, ordinal)
                    : StatefulPods.newPod(set, updateTemplate, updateRevision, ordinal);
            String name = pod.getMetadata().getName();
            String setName = set.getMetadata().getName();
            try {
                ensureClaims(null, ordinal, false);
                client.pods().inNamespace(set.getMetadata().getNamespace()).resource(pod).create();
                recorder.normal(set, "SuccessfulCreate",
                        "create Pod " + name + " in StatefulSet " + setName + " successful");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return; // created by an earlier pass the cache has not shown yet
                }
                recorder.warning(set, "FailedCreate",
                        "create Pod " + name + " in StatefulSet " + setName + " failed error: " + e.getMessage());
                throw e;
            }
        }

        /** Creates the pod's missing claims and sets their owners per the retention policy. */
        private void ensureClaims(Pod pod, int ordinal, boolean condemned) {
            String ns = set.getMetadata().getNamespace();
            for (PersistentVolumeClaim template : StatefulPods.claimTemplates(set)) {
                PersistentVolumeClaim want = StatefulPods.newClaim(set, template, ordinal);
                String name = want.getMetadata().getName();
                PersistentVolumeClaim existing = claims.getIndexer().getByKey(Keys.of(ns, name));
                if (existing == null) {
                    List<OwnerReference> owners = ClaimRetention.desiredOwners(set, want, pod, condemned);
                    want.getMetadata().setOwnerReferences(owners);
                    try {
                        client.persistentVolumeClaims().inNamespace(ns).resource(want).create();
                        recorder.normal(set, "SuccessfulCreate", "create Claim " + name + " Pod "
                                + StatefulPods.podName(set, ordinal) + " in StatefulSet "
                                + set.getMetadata().getName() + " success");
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409) {
                            recorder.warning(set, "FailedCreate", "create Claim " + name + " for Pod "
                                    + StatefulPods.podName(set, ordinal) + " in StatefulSet "
                                    + set.getMetadata().getName() + " failed error: " + e.getMessage());
                            throw e;
                        }
                    }
                    continue;
                }
                List<OwnerReference> owners = ClaimRetention.desiredOwners(set, existing, pod, condemned);
                if (owners != null && existing.getMetadata().getDeletionTimestamp() == null) {
                    PersistentVolumeClaim copy = new PersistentVolumeClaimBuilder(existing).editMetadata()
                            .withOwnerReferences(owners.isEmpty() ? null : owners).endMetadata().build();
                    client.persistentVolumeClaims().inNamespace(ns).resource(copy).update();
                }
            }
        }

        private void deletePod(Pod pod) {
            String name = pod.getMetadata().getName();
            String setName = set.getMetadata().getName();
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name).delete();
                recorder.normal(set, "SuccessfulDelete",
                        "delete Pod " + name + " in StatefulSet " + setName + " successful");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                recorder.warning(set, "FailedDelete",
                        "delete Pod " + name + " in StatefulSet " + setName + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private StatefulSetStatus status(StatefulSet set, List<Pod> owned, ControllerRevision current,
            ControllerRevision update, int collisionCount, Instant now) {
        String currentName = current.getMetadata().getName();
        String updateName = update.getMetadata().getName();
        int minReady = minReadySeconds(set);
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int currentReplicas = 0;
        int updated = 0;
        for (Pod p : owned) {
            if (StatefulPods.ordinalOf(set, p) < 0) {
                continue;
            }
            boolean created = p.getStatus() != null && p.getStatus().getPhase() != null;
            if (created) {
                replicas++;
            }
            if (isRunningAndReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
            if (created && !isTerminating(p)) {
                String revision = StatefulPods.revisionOf(p);
                if (currentName.equals(revision)) {
                    currentReplicas++;
                }
                if (updateName.equals(revision)) {
                    updated++;
                }
            }
        }
        StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
        boolean rolling = strategy == null || !ON_DELETE.equals(strategy.getType());
        if (rolling && updated == replicas && ready == replicas) {
            // The rollout is complete: the update revision becomes the current one.
            currentName = updateName;
            currentReplicas = updated;
        }
        Long generation = set.getMetadata().getGeneration();
        StatefulSetStatus old = set.getStatus();
        return new StatefulSetStatusBuilder()
                .withObservedGeneration(generation == null ? 0 : generation)
                .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(available)
                .withCurrentReplicas(currentReplicas).withUpdatedReplicas(updated)
                .withCurrentRevision(currentName).withUpdateRevision(updateName)
                .withCollisionCount(collisionCount)
                .withConditions(old == null ? null : old.getConditions())
                .build();
    }
}
