package dev.jube.controllers.deployment;

import static dev.jube.controllers.deployment.DeploymentUtil.*;

import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.MergePatches;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Selectors;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deployments (upstream's DeploymentController): owns ReplicaSets named name-hash, one per pod
 * template, and moves replicas from old to new ones by the RollingUpdate or Recreate strategy;
 * also scales proportionally, keeps the revision history, and reports Progressing and Available.
 * A rollback ({@code kubectl rollout undo}) is a template change back to an old ReplicaSet's
 * template: that ReplicaSet becomes the new one again and gets the next revision.
 */
public final class DeploymentController implements Controller {

    private KubernetesClient client;
    private WorkQueue queue;
    private EventRecorder recorder;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.recorder = context.recorder(DeploymentSync.COMPONENT);
        this.deployments = context.informer(Deployment.class);
        this.replicaSets = context.informer(ReplicaSet.class);
        this.pods = context.informer(Pod.class);
        deployments.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                queue.add(Keys.of(d));
            }

            @Override
            public void onUpdate(Deployment oldD, Deployment newD) {
                queue.add(Keys.of(newD));
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
                queue.add(Keys.of(d));
            }
        });
        replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                replicaSetChanged(null, rs);
            }

            @Override
            public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
                replicaSetChanged(oldRs, newRs);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                Deployment d = owner(rs.getMetadata().getNamespace(), OwnerRefs.controllerOf(rs));
                if (d != null) {
                    queue.add(Keys.of(d));
                }
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {}

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                // Recreate waits for old pods to be gone.
                OwnerReference ref = OwnerRefs.controllerOf(pod);
                if (ref == null || !"ReplicaSet".equals(ref.getKind())) {
                    return;
                }
                ReplicaSet rs = replicaSets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName()));
                if (rs == null) {
                    return;
                }
                Deployment d = owner(rs.getMetadata().getNamespace(), OwnerRefs.controllerOf(rs));
                if (d != null && isRecreate(d)) {
                    queue.add(Keys.of(d));
                }
            }
        });
    }

    private Deployment owner(String namespace, OwnerReference ref) {
        if (ref == null || !"Deployment".equals(ref.getKind())) {
            return null;
        }
        Deployment d = deployments.getIndexer().getByKey(Keys.of(namespace, ref.getName()));
        return d != null && Objects.equals(d.getMetadata().getUid(), ref.getUid()) ? d : null;
    }

    private void replicaSetChanged(ReplicaSet oldRs, ReplicaSet rs) {
        OwnerReference newRef = OwnerRefs.controllerOf(rs);
        if (oldRs != null) {
            OwnerReference oldRef = OwnerRefs.controllerOf(oldRs);
            if (oldRef != null && (newRef == null || !Objects.equals(oldRef.getUid(), newRef.getUid()))) {
                Deployment old = owner(rs.getMetadata().getNamespace(), oldRef);
                if (old != null) {
                    queue.add(Keys.of(old));
                }
            }
        }
        if (newRef != null) {
            Deployment d = owner(rs.getMetadata().getNamespace(), newRef);
            if (d != null) {
                queue.add(Keys.of(d));
            }
            return;
        }
        // An orphan: every Deployment selecting it may adopt it.
        for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
            try {
                LabelSelector sel = Selectors.of(d.getSpec().getSelector());
                if (!sel.isEverything() && Selectors.matches(sel, rs.getMetadata().getLabels())) {
                    queue.add(Keys.of(d));
                }
            } catch (RuntimeException e) {
                // an invalid selector selects nothing
            }
        }
    }

    @Override
    public void reconcile(String key) {
        Deployment cached = deployments.getIndexer().getByKey(key);
        if (cached == null) {
            return;
        }
        Deployment d = new DeploymentBuilder(cached).build();
        LabelSelector selector;
        try {
            selector = Selectors.of(d.getSpec().getSelector());
        } catch (RuntimeException e) {
            recorder.warning(d, "InvalidSelector", "invalid selector: " + e.getMessage());
            return;
        }
        if (selector.isEverything()) {
            recorder.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            long gen = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
            if (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                    || d.getStatus().getObservedGeneration() < gen) {
                DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus()
                        : new DeploymentStatusBuilder(d.getStatus()).build();
                s.setObservedGeneration(gen);
                MergePatches.patchStatus(client, d, d.getStatus(), s);
            }
            return;
        }
        List<ReplicaSet> rsList = claimReplicaSets(d, selector);
        DeploymentSync sync = new DeploymentSync(client, recorder, queue, d, rsList, podsByReplicaSet(d, rsList));
        if (d.getMetadata().getDeletionTimestamp() != null) {
            DeploymentSync.Split s = sync.split(false);
            sync.syncStatus(s.all(), s.newRS());
            return;
        }
        checkPausedConditions(sync);
        if (paused(sync.d)) {
            syncScaling(sync);
            return;
        }
        if (sync.isScalingEvent()) {
            syncScaling(sync);
            return;
        }
        if (isRecreate(sync.d)) {
            RecreateRollout.run(sync);
        } else {
            RollingRollout.run(sync);
        }
    }

    /** Upstream's sync(): scaling and cleanup without rolling (paused deployments, size changes). */
    private static void syncScaling(DeploymentSync sync) {
        DeploymentSync.Split s = sync.split(false);
        sync.scale(s.newRS(), s.oldRSs());
        if (paused(sync.d)) {
            sync.cleanup(s.oldRSs());
        }
        sync.syncStatus(currentAll(sync, s), sync.current(s.newRS()));
    }

    static List<ReplicaSet> currentAll(DeploymentSync sync, DeploymentSync.Split s) {
        List<ReplicaSet> all = new ArrayList<>();
        for (ReplicaSet rs : s.all()) {
            all.add(sync.current(rs));
        }
        return all;
    }

    /** Records pausing and resuming in the Progressing condition, so the deadline does not count paused time. */
    private static void checkPausedConditions(DeploymentSync sync) {
        Deployment d = sync.d;
        if (!hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition c = condition(d.getStatus(), PROGRESSING);
        if (c != null && TIMED_OUT.equals(c.getReason())) {
            return; // a timed-out rollout stays so until the template changes
        }
        boolean pausedCond = c != null && PAUSED.equals(c.getReason());
        DeploymentStatus status = sync.statusCopy();
        if (paused(d) && !pausedCond) {
            setCondition(status, newCondition(PROGRESSING, "Unknown", PAUSED, "Deployment is paused"));
        } else if (!paused(d) && pausedCond) {
            setCondition(status, newCondition(PROGRESSING, "Unknown", RESUMED, "Deployment is resumed"));
        } else {
            return;
        }
        sync.writeStatus(status);
    }

    /** The ReplicaSets this Deployment owns after adopting matching orphans and releasing mismatches. */
    private List<ReplicaSet> claimReplicaSets(Deployment d, LabelSelector selector) {
        String uid = d.getMetadata().getUid();
        boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
        Boolean canAdopt = null;
        List<ReplicaSet> owned = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, d.getMetadata().getNamespace())) {
            OwnerReference ref = OwnerRefs.controllerOf(rs);
            boolean matches = Selectors.matches(selector, rs.getMetadata().getLabels());
            if (ref != null) {
                if (!uid.equals(ref.getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(rs);
                } else if (!deleting) {
                    ReplicaSet copy = new ReplicaSetBuilder(rs).build();
                    List<OwnerReference> refs = new ArrayList<>(copy.getMetadata().getOwnerReferences());
                    refs.removeIf(r -> uid.equals(r.getUid()));
                    copy.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
                    updateIgnoringGone(copy);
                }
                continue;
            }
            if (!matches || deleting || rs.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (canAdopt == null) {
                Deployment live = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                        .withName(d.getMetadata().getName()).get();
                canAdopt = live != null && uid.equals(live.getMetadata().getUid())
                        && live.getMetadata().getDeletionTimestamp() == null;
            }
            if (canAdopt) {
                ReplicaSet copy = new ReplicaSetBuilder(rs).build();
                List<OwnerReference> refs = new ArrayList<>(copy.getMetadata().getOwnerReferences() == null
                        ? List.of() : copy.getMetadata().getOwnerReferences());
                refs.add(OwnerRefs.controllerRef(d, "apps/v1", "Deployment"));
                copy.getMetadata().setOwnerReferences(refs);
                ReplicaSet adopted = updateIgnoringGone(copy);
                if (adopted != null) {
                    owned.add(adopted);
                }
            }
        }
        return owned;
    }

    private ReplicaSet updateIgnoringGone(ReplicaSet rs) {
        try {
            return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Pods controlled by each of the ReplicaSets, by ReplicaSet uid (including pods being deleted). */
    private Map<String, List<Pod>> podsByReplicaSet(Deployment d, List<ReplicaSet> rsList) {
        Map<String, List<Pod>> map = new HashMap<>();
        for (ReplicaSet rs : rsList) {
            map.put(rs.getMetadata().getUid(), new ArrayList<>());
        }
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, d.getMetadata().getNamespace())) {
            OwnerReference ref = OwnerRefs.controllerOf(p);
            if (ref != null && map.containsKey(ref.getUid())) {
                map.get(ref.getUid()).add(p);
            }
        }
        return map;
    }
}
