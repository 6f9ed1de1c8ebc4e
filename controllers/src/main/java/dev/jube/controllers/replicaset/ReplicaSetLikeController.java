package dev.jube.controllers.replicaset;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Expectations;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic ReplicaSets and ReplicationControllers share (upstream's ReplicaSetController, which
 * also runs ReplicationControllers): keep exactly {@code spec.replicas} active pods that match
 * the selector, adopting matching orphans and releasing pods that stop matching, and report the
 * counts in status. Subclasses say how to read and write their kind.
 */
public abstract class ReplicaSetLikeController<T extends HasMetadata> implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetLikeController.class);

    /** At most this many creations or deletions per sync (upstream's burstReplicas). */
    public static final int BURST_REPLICAS = 500;
    /** The first slow-start batch. */
    public static final int SLOW_START_INITIAL_BATCH = 1;
    public static final String FAILED_CREATE = "FailedCreate";
    public static final String FAILED_DELETE = "FailedDelete";
    public static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    public static final String SUCCESSFUL_DELETE = "SuccessfulDelete";

    protected final Expectations expectations = new Expectations();
    protected KubernetesClient client;
    protected SharedIndexInformer<T> owners;
    protected SharedIndexInformer<Pod> pods;
    protected EventRecorder recorder;
    private WorkQueue queue;

    private final Class<T> type;
    private final String apiVersion;
    private final String kind;
    private final String component;

    /**
     * @param component the event source component, as upstream names it
     */
    protected ReplicaSetLikeController(Class<T> type, String apiVersion, String kind, String component) {
        this.type = type;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.component = component;
    }

    // ---- what a subclass supplies

    protected abstract LabelSelector selector(T owner);

    protected abstract int replicas(T owner);

    protected abstract PodTemplateSpec template(T owner);

    protected abstract int minReadySeconds(T owner);

    /** The owner's status in ReplicaSet form (both kinds have the same fields); null if none. */
    protected abstract ReplicaSetStatus currentStatus(T owner);

    /** Writes {@code status} to the owner's status subresource. */
    protected abstract void updateStatus(T owner, ReplicaSetStatus status);

    /** Reads the owner fresh from the API server (for the adoption check); null if it is gone. */
    protected abstract T getLive(String namespace, String name);

    protected static int orDefault(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    protected static PodTemplateSpec orEmpty(PodTemplateSpec template) {
        return template == null ? new PodTemplateSpec() : template;
    }

    private ReplicaCounts status(T owner) {
        return ReplicaCounts.of(currentStatus(owner));
    }

    private void writeStatus(T owner, ReplicaCounts counts) {
        updateStatus(owner, counts.toStatus(currentStatus(owner)));
    }

    // ---- wiring

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder(component);
        this.owners = context.informer(type);
        this.pods = context.informer(Pod.class);
        owners.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                queue.add(Keys.of(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                queue.add(Keys.of(newObj));
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                expectations.delete(Keys.of(obj));
                queue.add(Keys.of(obj));
            }
        });
        pods.addEventHandler(new ResourceEventHandler<Pod>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUpdated(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podDeleted(pod);
            }
        });
    }

    /** The owner a controller reference points to, if it is one of ours and still cached. */
    private T resolveControllerRef(String namespace, OwnerReference ref) {
        if (ref == null || !kind.equals(ref.getKind())) {
            return null;
        }
        T owner = owners.getIndexer().getByKey(Keys.of(namespace, ref.getName()));
        if (owner == null || !Objects.equals(owner.getMetadata().getUid(), ref.getUid())) {
            return null;
        }
        return owner;
    }

    private List<T> ownersSelecting(Pod pod) {
        List<T> result = new ArrayList<>();
        for (T owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            LabelSelector selector;
            try {
                selector = selector(owner);
            } catch (RuntimeException e) {
                continue;
            }
            if (!selector.isNothing() && Selectors.matches(selector, pod.getMetadata().getLabels())) {
                result.add(owner);
            }
        }
        return result;
    }

    private void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // Seen for the first time while being deleted (e.g. after a restart): counts as a deletion.
            podDeleted(pod);
            return;
        }
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (ref != null) {
            T owner = resolveControllerRef(pod.getMetadata().getNamespace(), ref);
            if (owner != null) {
                expectations.creationObserved(Keys.of(owner));
                queue.add(Keys.of(owner));
            }
            return;
        }
        // An orphan: wake every owner that selects it, so one of them adopts it.
        ownersSelecting(pod).forEach(o -> queue.add(Keys.of(o)));
    }

    private void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return; // a resync
        }
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // A graceful deletion: the pod no longer counts, so treat it as deleted now.
            podDeleted(newPod);
            if (labelsChanged) {
                podDeleted(oldPod);
            }
            return;
        }
        OwnerReference oldRef = OwnerRefs.controllerOf(oldPod);
        OwnerReference newRef = OwnerRefs.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef == null ? null : oldRef.getUid(), newRef == null ? null : newRef.getUid());
        if (refChanged && oldRef != null) {
            T old = resolveControllerRef(oldPod.getMetadata().getNamespace(), oldRef);
            if (old != null) {
                queue.add(Keys.of(old));
            }
        }
        if (newRef != null) {
            T owner = resolveControllerRef(newPod.getMetadata().getNamespace(), newRef);
            if (owner == null) {
                return;
            }
            queue.add(Keys.of(owner));
            int minReady = minReadySeconds(owner);
            if (!Pods.isReady(oldPod) && Pods.isReady(newPod) && minReady > 0) {
                // Check availability again once the pod has been ready long enough.
                queue.addAfter(Keys.of(owner), Duration.ofSeconds(minReady).plusSeconds(1));
            }
            return;
        }
        if (labelsChanged || refChanged) {
            ownersSelecting(newPod).forEach(o -> queue.add(Keys.of(o)));
        }
    }

    private void podDeleted(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        T owner = resolveControllerRef(pod.getMetadata().getNamespace(), ref);
        if (owner == null) {
            return;
        }
        String key = Keys.of(owner);
        expectations.deletionObserved(key, Keys.of(pod));
        queue.add(key);
    }

    // ---- sync

    @Override
    public void reconcile(String key) throws Exception {
        T owner = owners.getIndexer().getByKey(key);
        if (owner == null) {
            expectations.delete(key);
            return;
        }
        boolean needsSync = expectations.satisfied(key) && owner.getMetadata().getDeletionTimestamp() == null;
        LabelSelector selector;
        try {
            selector = selector(owner);
        } catch (RuntimeException e) {
            recorder.warning(owner, "InvalidSelector", "invalid selector: " + e.getMessage());
            return; // a bad selector is not retried until the object changes
        }
        List<Pod> claimed = claimPods(owner, selector);
        String failure = null;
        if (needsSync) {
            failure = manageReplicas(key, owner, claimed);
        }
        Instant now = Instant.now();
        ReplicaCounts counts = computeStatus(owner, claimed, failure, now);
        ReplicaCounts current = status(owner);
        if (!counts.equals(current)) {
            writeStatus(owner, counts);
        }
        int minReady = minReadySeconds(owner);
        if (minReady > 0 && counts.readyReplicas() == replicas(owner)
                && counts.availableReplicas() != replicas(owner)) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * The active pods this owner controls after adoption and release (upstream's
     * ControllerRefManager.ClaimPods).
     */
    private List<Pod> claimPods(T owner, LabelSelector selector) {
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        Boolean canAdopt = null;
        List<Pod> claimed = new ArrayList<>();
        for (Pod pod : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, owner.getMetadata().getNamespace())) {
            if (!Pods.isActive(pod)) {
                continue;
            }
            OwnerReference ref = OwnerRefs.controllerOf(pod);
            boolean matches = Selectors.matches(selector, pod.getMetadata().getLabels());
            if (ref != null) {
                if (!uid.equals(ref.getUid())) {
                    continue; // someone else's
                }
                if (matches) {
                    claimed.add(pod);
                } else if (!ownerDeleting) {
                    release(owner, pod);
                }
                continue;
            }
            if (!matches || ownerDeleting || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (canAdopt == null) {
                // Check against the live object that it still exists and is not being deleted,
                // so a stale cache never adopts pods into an owner that is going away.
                T live = getLive(owner.getMetadata().getNamespace(), owner.getMetadata().getName());
                canAdopt = live != null && uid.equals(live.getMetadata().getUid())
                        && live.getMetadata().getDeletionTimestamp() == null;
            }
            if (canAdopt) {
                Pod adopted = adopt(owner, pod);
                if (adopted != null) {
                    claimed.add(adopted);
                }
            }
        }
        return claimed;
    }

    private Pod adopt(T owner, Pod pod) {
        Pod copy = new PodBuilder(pod).build();
        List<OwnerReference> refs = new ArrayList<>(
                copy.getMetadata().getOwnerReferences() == null ? List.of() : copy.getMetadata().getOwnerReferences());
        refs.add(OwnerRefs.controllerRef(owner, apiVersion, kind));
        copy.getMetadata().setOwnerReferences(refs);
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(copy).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void release(T owner, Pod pod) {
        Pod copy = new PodBuilder(pod).build();
        List<OwnerReference> refs = new ArrayList<>(copy.getMetadata().getOwnerReferences());
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        copy.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(copy).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Creates or deletes pods towards spec.replicas; the failure message, or null. */
    private String manageReplicas(String key, T owner, List<Pod> claimed) throws InterruptedException {
        int diff = claimed.size() - replicas(owner);
        if (diff < 0) {
            int toCreate = Math.min(-diff, BURST_REPLICAS);
            expectations.expectCreations(key, toCreate);
            SlowStart.Result result = SlowStart.run(toCreate, SLOW_START_INITIAL_BATCH, i -> createPod(owner));
            int notCreated = toCreate - result.successes();
            // The creations that failed or were skipped will never be observed.
            for (int i = 0; i < notCreated; i++) {
                expectations.creationObserved(key);
            }
            if (result.firstError() != null) {
                String msg = result.firstError().getMessage();
                recorder.warning(owner, FAILED_CREATE, "Error creating: " + msg);
                return msg;
            }
            return null;
        }
        if (diff > 0) {
            int toDelete = Math.min(diff, BURST_REPLICAS);
            List<Pod> victims = PodDeletionRanking.podsToDelete(claimed, relatedPods(owner), toDelete, Instant.now());
            Set<String> victimKeys = new HashSet<>();
            victims.forEach(p -> victimKeys.add(Keys.of(p)));
            expectations.expectDeletions(key, victimKeys);
            String failure = null;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Map<Pod, Future<?>> deletions = new LinkedHashMap<>();
                for (Pod victim : victims) {
                    deletions.put(victim, pool.submit(() -> deletePod(key, owner, victim)));
                }
                for (Map.Entry<Pod, Future<?>> e : deletions.entrySet()) {
                    try {
                        e.getValue().get();
                    } catch (java.util.concurrent.ExecutionException ex) {
                        expectations.deletionObserved(key, Keys.of(e.getKey()));
                        if (failure == null) {
                            failure = String.valueOf(ex.getCause().getMessage());
                        }
                    }
                }
            }
            return failure;
        }
        return null;
    }

    private void createPod(T owner) {
        PodTemplateSpec template = template(owner);
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withGenerateName(owner.getMetadata().getName() + "-")
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(tm.getLabels() == null ? null : new HashMap<>(tm.getLabels()))
                .withAnnotations(tm.getAnnotations() == null ? null : new HashMap<>(tm.getAnnotations()))
                .withFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()))
                .withOwnerReferences(OwnerRefs.controllerRef(owner, apiVersion, kind))
                .endMetadata()
                .withSpec(client.getKubernetesSerialization().clone(template.getSpec()))
                .build();
        try {
            Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
            recorder.normal(owner, SUCCESSFUL_CREATE, "Created pod: " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("pods \"" + owner.getMetadata().getName() + "-\" is forbidden or invalid: "
                    + e.getMessage(), e);
        }
    }

    private Void deletePod(String key, T owner, Pod pod) {
        try {
            // fabric8 answers a delete of a missing object with an empty list rather than a 404.
            boolean deleted = !client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete().isEmpty();
            if (!deleted) {
                expectations.deletionObserved(key, Keys.of(pod));
                return null;
            }
            recorder.normal(owner, SUCCESSFUL_DELETE, "Deleted pod: " + pod.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                // Already gone, perhaps before the expectation was set: do not wait for its event.
                expectations.deletionObserved(key, Keys.of(pod));
                return null;
            }
            recorder.warning(owner, FAILED_DELETE, "Error deleting: " + e.getMessage());
            throw e;
        }
        return null;
    }

    /**
     * The pods of the whole workload: for an owner controlled by something (a Deployment), the
     * pods of every sibling with the same controller; otherwise its own pods.
     */
    private List<Pod> relatedPods(T owner) {
        OwnerReference controller = OwnerRefs.controllerOf(owner);
        Set<String> ownerUids = new HashSet<>();
        ownerUids.add(owner.getMetadata().getUid());
        if (controller != null) {
            for (T sibling : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, owner.getMetadata().getNamespace())) {
                OwnerReference r = OwnerRefs.controllerOf(sibling);
                if (r != null && Objects.equals(r.getUid(), controller.getUid())) {
                    ownerUids.add(sibling.getMetadata().getUid());
                }
            }
        }
        List<Pod> related = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, owner.getMetadata().getNamespace())) {
            OwnerReference r = OwnerRefs.controllerOf(p);
            if (r != null && ownerUids.contains(r.getUid())) {
                related.add(p);
            }
        }
        return related;
    }

    private ReplicaCounts computeStatus(T owner, List<Pod> claimed, String failure, Instant now) {
        Map<String, String> templateLabels = template(owner).getMetadata() == null
                || template(owner).getMetadata().getLabels() == null ? Map.of() : template(owner).getMetadata().getLabels();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        int minReady = minReadySeconds(owner);
        for (Pod p : claimed) {
            Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaCounts current = status(owner);
        String failureReason = null;
        String failureMessage = null;
        if (failure != null) {
            failureReason = FAILED_CREATE;
            failureMessage = failure;
        } else if (current.failureReason() != null && claimed.size() != replicas(owner)) {
            // Keep a recorded failure until the owner reaches its size.
            failureReason = current.failureReason();
            failureMessage = current.failureMessage();
        }
        Long generation = owner.getMetadata().getGeneration();
        return new ReplicaCounts(claimed.size(), fullyLabeled, ready, available, generation == null ? 0 : generation,
                failureReason, failureMessage);
    }

    @Override
    public void close() {
        LOG.debug("{} closed", name());
    }
}
