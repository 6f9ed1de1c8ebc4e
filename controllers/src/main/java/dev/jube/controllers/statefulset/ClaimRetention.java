package dev.jube.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * persistentVolumeClaimRetentionPolicy through owner references, as upstream implements it: a
 * claim to delete with the set is owned by the set, a claim to delete on scale-down is owned by
 * its condemned pod, and the garbage collector does the deleting. Retained claims carry neither.
 */
final class ClaimRetention {

    static final String DELETE = "Delete";

    private ClaimRetention() {}

    static boolean deleteWhenDeleted(StatefulSet set) {
        StatefulSetPersistentVolumeClaimRetentionPolicy p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p != null && DELETE.equals(p.getWhenDeleted());
    }

    static boolean deleteWhenScaled(StatefulSet set) {
        StatefulSetPersistentVolumeClaimRetentionPolicy p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p != null && DELETE.equals(p.getWhenScaled());
    }

    /**
     * The owner references {@code claim} should carry for {@code pod} (null while the pod is not
     * created yet); null when they already do.
     */
    static List<OwnerReference> desiredOwners(StatefulSet set, PersistentVolumeClaim claim, HasMetadata pod,
            boolean condemned) {
        boolean wantSet = deleteWhenDeleted(set) && !(condemned && deleteWhenScaled(set));
        boolean wantPod = pod != null && condemned && deleteWhenScaled(set);
        List<OwnerReference> refs = new ArrayList<>(
                claim.getMetadata().getOwnerReferences() == null ? List.of() : claim.getMetadata().getOwnerReferences());
        boolean changed = apply(refs, set, "apps/v1", "StatefulSet", wantSet);
        if (pod != null) {
            changed |= apply(refs, pod, "v1", "Pod", wantPod);
        }
        return changed ? refs : null;
    }

    private static boolean apply(List<OwnerReference> refs, HasMetadata owner, String apiVersion, String kind,
            boolean want) {
        String uid = owner.getMetadata().getUid();
        boolean has = refs.stream().anyMatch(r -> Objects.equals(r.getUid(), uid));
        if (want && !has) {
            refs.add(new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                    .withName(owner.getMetadata().getName()).withUid(uid).build());
            return true;
        }
        if (!want && has) {
            refs.removeIf(r -> Objects.equals(r.getUid(), uid));
            return true;
        }
        return false;
    }
}
