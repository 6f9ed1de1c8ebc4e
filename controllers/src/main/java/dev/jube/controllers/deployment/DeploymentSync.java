package dev.jube.controllers.deployment;

import static dev.jube.controllers.deployment.DeploymentUtil.*;

import dev.jube.controllers.framework.EventRecorder;
import dev.jube.controllers.framework.MergePatches;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync of one Deployment: the ReplicaSets it owns, its pods by ReplicaSet, and the steps
 * both strategies share (find or create the new ReplicaSet, scale, clean up, report status).
 */
final class DeploymentSync {

    static final String COMPONENT = "deployment-controller";

    private final KubernetesClient client;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final KubernetesSerialization serialization;
    Deployment d;
    final List<ReplicaSet> rsList;
    final Map<String, List<Pod>> podsByRsUid;

    DeploymentSync(KubernetesClient client, EventRecorder recorder, WorkQueue queue, Deployment d,
                   List<ReplicaSet> rsList, Map<String, List<Pod>> podsByRsUid) {
        this.client = client;
        this.recorder = recorder;
        this.queue = queue;
        this.serialization = client.getKubernetesSerialization();
        this.d = d;
        this.rsList = new ArrayList<>(rsList);
        this.podsByRsUid = podsByRsUid;
    }

    String ns() {
        return d.getMetadata().getNamespace();
    }

    String key() {
        return dev.jube.controllers.framework.Keys.of(d);
    }

    /** The new and old ReplicaSets; the new one is null if absent and not to be created. */
    record Split(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            return withNew(oldRSs, newRS);
        }
    }

    /** The oldest ReplicaSet whose template equals the Deployment's (ignoring the hash label). */
    ReplicaSet findNew() {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(BY_CREATION);
        for (ReplicaSet rs : sorted) {
            if (PodTemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                return rs;
            }
        }
        return null;
    }

    Split split(boolean createIfMissing) {
        ReplicaSet existing = findNew();
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : rsList) {
            if (existing == null || !rs.getMetadata().getUid().equals(existing.getMetadata().getUid())) {
                old.add(rs);
            }
        }
        ReplicaSet newRS = newReplicaSet(existing, old, createIfMissing);
        return new Split(newRS, old);
    }

    /** Upstream's getNewReplicaSet: sync the revision of an existing new ReplicaSet, or create one. */
    private ReplicaSet newReplicaSet(ReplicaSet existing, List<ReplicaSet> old, boolean create) {
        String newRevision = Long.toString(maxRevision(old) + 1);
        if (existing != null) {
            ReplicaSet copy = new ReplicaSetBuilder(existing).build();
            boolean annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
            int rsMinReady = copy.getSpec().getMinReadySeconds() == null ? 0 : copy.getSpec().getMinReadySeconds();
            boolean minReadyChanged = rsMinReady != minReadySeconds(d);
            if (annotationsChanged || minReadyChanged) {
                copy.getSpec().setMinReadySeconds(minReadySeconds(d));
                copy = client.apps().replicaSets().inNamespace(ns()).resource(copy).update();
                replace(copy);
            }
            setDeploymentRevision(copy.getMetadata().getAnnotations().get(REVISION));
            DeploymentStatus status = statusCopy();
            if (hasProgressDeadline(d) && condition(status, PROGRESSING) == null) {
                setCondition(status, newCondition(PROGRESSING, "True", FOUND_NEW_RS,
                        "Found new replica set \"" + copy.getMetadata().getName() + "\""));
                writeStatus(status);
            }
            return copy;
        }
        if (!create) {
            return null;
        }
        PodTemplateSpec template = serialization.clone(d.getSpec().getTemplate());
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = PodTemplateHash.compute(d.getSpec().getTemplate(), collisions);
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.put(PodTemplateHash.LABEL, hash);
        if (template.getMetadata() == null) {
            template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        template.getMetadata().setLabels(labels);
        LabelSelector selector = new LabelSelectorBuilder(serialization.clone(d.getSpec().getSelector()))
                .addToMatchLabels(PodTemplateHash.LABEL, hash).build();
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash).withNamespace(ns())
                .withLabels(new LinkedHashMap<>(labels))
                .withOwnerReferences(OwnerRefs.controllerRef(d, "apps/v1", "Deployment"))
                .endMetadata()
                .withNewSpec().withReplicas(0).withMinReadySeconds(minReadySeconds(d)).withSelector(selector)
                .withTemplate(template).endSpec().build();
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(rs);
        int newReplicas = newReplicaSetReplicas(d, all, rs);
        rs.getSpec().setReplicas(newReplicas);
        setNewReplicaSetAnnotations(d, rs, newRevision, false);
        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = client.apps().replicaSets().inNamespace(ns()).resource(rs).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                DeploymentStatus status = statusCopy();
                if (hasProgressDeadline(d)) {
                    setCondition(status, newCondition(PROGRESSING, "False", FAILED_RS_CREATE,
                            "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + e.getMessage()));
                    writeStatus(status);
                }
                recorder.warning(d, "FailedCreate", "Failed to create new replica set \"" + rs.getMetadata().getName()
                        + "\": " + e.getMessage());
                throw e;
            }
            ReplicaSet found = client.apps().replicaSets().inNamespace(ns()).withName(rs.getMetadata().getName()).get();
            if (found != null && OwnerRefs.isControlledBy(found, d)
                    && PodTemplateHash.equalIgnoringHash(found.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                // Ours, made by an earlier sync that the cache has not shown yet.
                created = found;
                alreadyExists = true;
            } else {
                // A hash collision with someone else's ReplicaSet: bump the count so the next hash differs.
                DeploymentStatus status = statusCopy();
                status.setCollisionCount(collisions == null ? 1 : collisions + 1);
                writeStatus(status);
                throw new IllegalStateException("replica set " + rs.getMetadata().getName()
                        + " already exists with another template; collision count is now " + status.getCollisionCount());
            }
        }
        if (!alreadyExists) {
            rsList.add(created);
            if (newReplicas > 0) {
                recorder.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName()
                        + " from 0 to " + newReplicas);
            }
        }
        setDeploymentRevision(newRevision);
        if (!alreadyExists && hasProgressDeadline(d)) {
            DeploymentStatus status = statusCopy();
            setCondition(status, newCondition(PROGRESSING, "True", NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\""));
            writeStatus(status);
        }
        return created;
    }

    private void replace(ReplicaSet updated) {
        for (int i = 0; i < rsList.size(); i++) {
            if (rsList.get(i).getMetadata().getUid().equals(updated.getMetadata().getUid())) {
                rsList.set(i, updated);
                return;
            }
        }
    }

    /** Sets the Deployment's revision annotation (a metadata update, not a status one). */
    private void setDeploymentRevision(String revision) {
        Map<String, String> ann = d.getMetadata().getAnnotations();
        if (revision == null || (ann != null && revision.equals(ann.get(REVISION)))) {
            return;
        }
        Deployment copy = new DeploymentBuilder(d).build();
        Map<String, String> updated = ann == null ? new HashMap<>() : new HashMap<>(ann);
        updated.put(REVISION, revision);
        copy.getMetadata().setAnnotations(updated);
        d = client.apps().deployments().inNamespace(ns()).resource(copy).update();
    }

    DeploymentStatus statusCopy() {
        return d.getStatus() == null ? new DeploymentStatus() : new DeploymentStatusBuilder(d.getStatus()).build();
    }

    void writeStatus(DeploymentStatus status) {
        d = MergePatches.patchStatus(client, d, d.getStatus(), status);
    }

    // ---- scaling

    /** Scales {@code rs} to {@code newScale} (and refreshes its replica annotations); whether the size changed. */
    boolean scaleReplicaSet(ReplicaSet rs, int newScale) {
        int oldScale = specReplicas(rs);
        boolean sizeChanges = oldScale != newScale;
        if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, replicas(d), replicas(d) + maxSurge(d))) {
            return false;
        }
        ReplicaSet updated = ScalePatch.write(client, rs, newScale, replicas(d), replicas(d) + maxSurge(d));
        replace(updated);
        if (sizeChanges) {
            recorder.normal(d, "ScalingReplicaSet", "Scaled " + (newScale > oldScale ? "up" : "down")
                    + " replica set " + rs.getMetadata().getName() + " from " + oldScale + " to " + newScale);
        }
        return sizeChanges;
    }

    ReplicaSet current(ReplicaSet rs) {
        if (rs == null) {
            return null;
        }
        for (ReplicaSet r : rsList) {
            if (r.getMetadata().getUid().equals(rs.getMetadata().getUid())) {
                return r;
            }
        }
        return rs;
    }

    /** Whether the Deployment's size differs from what its active ReplicaSets were made for. */
    boolean isScalingEvent() {
        Split s = split(false);
        for (ReplicaSet rs : active(s.all())) {
            Integer desired = annotationInt(rs, DESIRED_REPLICAS);
            if (desired != null && desired != replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's scale(): resizes for a new Deployment size, proportionally during a rollout. */
    void scale(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        ReplicaSet only = activeOrLatest(newRS, oldRSs);
        if (only != null) {
            scaleReplicaSet(only, replicas(d));
            return;
        }
        if (isSaturated(d, newRS)) {
            for (ReplicaSet old : active(oldRSs)) {
                scaleReplicaSet(old, 0);
            }
            return;
        }
        if (isRecreate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(active(withNew(oldRSs, newRS)));
        int allReplicas = replicaCount(all);
        int allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
        int toAdd = allowed - allReplicas;
        if (toAdd > 0) {
            // Largest first, newer first among equals.
            all.sort(java.util.Comparator.comparingInt(DeploymentUtil::specReplicas).reversed()
                    .thenComparing(BY_CREATION.reversed()));
        } else if (toAdd < 0) {
            // Largest first, older first among equals.
            all.sort(java.util.Comparator.comparingInt(DeploymentUtil::specReplicas).reversed()
                    .thenComparing(BY_CREATION));
        }
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (ReplicaSet rs : all) {
            int p = toAdd != 0 ? proportion(rs, d, toAdd, added) : 0;
            sizes.put(rs.getMetadata().getName(), specReplicas(rs) + p);
            added += p;
        }
        if (toAdd != 0 && added != toAdd && !all.isEmpty()) {
            // The rounding leftover goes to the largest ReplicaSet.
            String first = all.getFirst().getMetadata().getName();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        for (ReplicaSet rs : all) {
            scaleReplicaSet(current(rs), sizes.get(rs.getMetadata().getName()));
        }
    }

    /** Deletes the oldest ReplicaSets beyond revisionHistoryLimit that no longer run anything. */
    void cleanup(List<ReplicaSet> oldRSs) {
        int limit = revisionHistoryLimit(d);
        List<ReplicaSet> cleanable = new ArrayList<>(oldRSs.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = current(cleanable.get(i));
            long gen = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null
                    ? 0 : rs.getStatus().getObservedGeneration();
            if (statusReplicas(rs) != 0 || specReplicas(rs) != 0 || gen > observed) {
                continue;
            }
            try {
                client.apps().replicaSets().inNamespace(ns()).withName(rs.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    // ---- status

    DeploymentStatus calculateStatus(List<ReplicaSet> all, ReplicaSet newRS) {
        int available = availableReplicaCount(all);
        int unavailable = Math.max(0, replicaCount(all) - available);
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(actualReplicaCount(all))
                .withUpdatedReplicas(actualReplicaCount(newRS == null ? List.of() : List.of(newRS)))
                .withReadyReplicas(readyReplicaCount(all))
                .withAvailableReplicas(available)
                .withUnavailableReplicas(unavailable)
                .withCollisionCount(d.getStatus() == null ? null : d.getStatus().getCollisionCount())
                .withConditions(d.getStatus() == null || d.getStatus().getConditions() == null
                        ? new ArrayList<>() : new ArrayList<>(d.getStatus().getConditions().stream()
                        .map(c -> new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder(c).build()).toList()))
                .build();
        if (available >= replicas(d) - maxUnavailable(d)) {
            setCondition(status, newCondition(AVAILABLE, "True", MIN_AVAILABLE, "Deployment has minimum availability."));
        } else {
            setCondition(status, newCondition(AVAILABLE, "False", MIN_UNAVAILABLE,
                    "Deployment does not have minimum availability."));
        }
        return status;
    }

    /** Status without progress tracking (paused, scaling, deleting). */
    void syncStatus(List<ReplicaSet> all, ReplicaSet newRS) {
        DeploymentStatus status = calculateStatus(all, newRS);
        if (!sameStatus(d.getStatus(), status)) {
            writeStatus(status);
        }
    }

    /** Status with the Progressing condition and the progress deadline (upstream's syncRolloutStatus). */
    void syncRolloutStatus(List<ReplicaSet> all, ReplicaSet newRS) {
        DeploymentStatus status = calculateStatus(all, newRS);
        if (!hasProgressDeadline(d)) {
            removeCondition(status, PROGRESSING);
        }
        DeploymentCondition currentCond = condition(status, PROGRESSING);
        boolean completeBefore = n(status.getReplicas()) == n(status.getUpdatedReplicas()) && currentCond != null
                && NEW_RS_AVAILABLE.equals(currentCond.getReason());
        Instant now = Instant.now();
        if (hasProgressDeadline(d) && !completeBefore) {
            String rsName = newRS == null ? null : newRS.getMetadata().getName();
            if (complete(d, status)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                        : "Deployment \"" + d.getMetadata().getName() + "\" has successfully progressed.";
                setCondition(status, newCondition(PROGRESSING, "True", NEW_RS_AVAILABLE, msg));
            } else if (progressing(d, status)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" is progressing."
                        : "Deployment \"" + d.getMetadata().getName() + "\" is progressing.";
                DeploymentCondition c = newCondition(PROGRESSING, "True", RS_UPDATED, msg);
                if (currentCond != null && "True".equals(currentCond.getStatus())) {
                    c.setLastTransitionTime(currentCond.getLastTransitionTime());
                }
                // Progress moves lastUpdateTime even when the reason stays the same.
                removeCondition(status, PROGRESSING);
                setCondition(status, c);
            } else if (timedOut(d, status, now)) {
                String msg = rsName != null ? "ReplicaSet \"" + rsName + "\" has timed out progressing."
                        : "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing.";
                setCondition(status, newCondition(PROGRESSING, "False", TIMED_OUT, msg));
            }
        }
        String failure = replicaFailure(all, newRS);
        if (failure != null) {
            setCondition(status, newCondition(REPLICA_FAILURE, "True", "FailedCreate", failure));
        } else {
            removeCondition(status, REPLICA_FAILURE);
        }
        if (sameStatus(d.getStatus(), status)) {
            requeueIfStuck(status, now);
            return;
        }
        writeStatus(status);
        requeueIfStuck(status, now);
    }

    private String replicaFailure(List<ReplicaSet> all, ReplicaSet newRS) {
        List<ReplicaSet> candidates = newRS != null ? List.of(newRS) : all;
        for (ReplicaSet rs : candidates) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                continue;
            }
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                    return c.getMessage();
                }
            }
        }
        return null;
    }

    /** Checks again when the progress deadline would pass. */
    private void requeueIfStuck(DeploymentStatus status, Instant now) {
        DeploymentCondition c = condition(status, PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE.equals(c.getReason()) || TIMED_OUT.equals(c.getReason())
                || complete(d, status) || c.getLastUpdateTime() == null) {
            return;
        }
        Instant deadline = Instant.parse(c.getLastUpdateTime()).plusSeconds(progressDeadlineSeconds(d));
        Duration after = Duration.between(now, deadline);
        queue.addAfter(key(), after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1));
    }

    /** Equal ignoring the condition timestamps of conditions whose status and reason are unchanged. */
    static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        if (a == null) {
            return false;
        }
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && n(a.getReplicas()) == n(b.getReplicas())
                && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && n(a.getUnavailableReplicas()) == n(b.getUnavailableReplicas())
                && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
                && conditionsKey(a).equals(conditionsKey(b));
    }

    private static List<String> conditionsKey(DeploymentStatus s) {
        List<String> out = new ArrayList<>();
        if (s.getConditions() != null) {
            for (DeploymentCondition c : s.getConditions()) {
                out.add(c.getType() + "|" + c.getStatus() + "|" + c.getReason() + "|" + c.getMessage() + "|"
                        + c.getLastUpdateTime());
            }
        }
        out.sort(null);
        return out;
    }

    /** Whether pods of old ReplicaSets still exist (Recreate waits for them). */
    boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (actualReplicaCount(oldRSs) > 0) {
            return true;
        }
        for (Map.Entry<String, List<Pod>> e : podsByRsUid.entrySet()) {
            if (newRS != null && e.getKey().equals(newRS.getMetadata().getUid())) {
                continue;
            }
            for (Pod p : e.getValue()) {
                String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
