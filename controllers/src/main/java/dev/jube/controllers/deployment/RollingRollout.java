package dev.jube.controllers.deployment;

import static dev.jube.controllers.deployment.DeploymentUtil.*;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The RollingUpdate strategy: scale the new ReplicaSet up within replicas + maxSurge, and old
 * ones down while at least replicas - maxUnavailable pods stay available. One step per sync;
 * the ReplicaSets' status changes trigger the next.
 */
final class RollingRollout {

    private RollingRollout() {}

    static void run(DeploymentSync sync) {
        DeploymentSync.Split s = sync.split(true);
        ReplicaSet newRS = s.newRS();
        List<ReplicaSet> all = s.all();
        if (reconcileNew(sync, all, newRS)) {
            sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(newRS));
            return;
        }
        if (reconcileOld(sync, all, active(s.oldRSs()), newRS)) {
            sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(newRS));
            return;
        }
        if (complete(sync.d, sync.d.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus()
                : sync.d.getStatus())) {
            sync.cleanup(s.oldRSs());
        }
        sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(newRS));
    }

    private static boolean reconcileNew(DeploymentSync sync, List<ReplicaSet> all, ReplicaSet newRS) {
        Deployment d = sync.d;
        int current = specReplicas(newRS);
        if (current == replicas(d)) {
            return false;
        }
        if (current > replicas(d)) {
            return sync.scaleReplicaSet(newRS, replicas(d));
        }
        return sync.scaleReplicaSet(newRS, newReplicaSetReplicas(d, all, newRS));
    }

    private static boolean reconcileOld(DeploymentSync sync, List<ReplicaSet> all, List<ReplicaSet> oldRSs,
                                        ReplicaSet newRS) {
        Deployment d = sync.d;
        if (replicaCount(oldRSs) == 0) {
            return false;
        }
        int allPods = replicaCount(all);
        int minAvailable = replicas(d) - maxUnavailable(d);
        int newUnavailable = unavailableReplicas(newRS);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        // First remove old pods that are not available anyway: they cost no availability.
        int cleaned = cleanupUnhealthy(sync, oldRSs, maxScaledDown);
        List<ReplicaSet> oldNow = new ArrayList<>();
        oldRSs.forEach(rs -> oldNow.add(sync.current(rs)));
        List<ReplicaSet> allNow = withNew(oldNow, newRS);
        int scaledDown = scaleDownOld(sync, allNow, oldNow);
        return cleaned + scaledDown > 0;
    }

    private static int cleanupUnhealthy(DeploymentSync sync, List<ReplicaSet> oldRSs, int maxCleanup) {
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(BY_CREATION);
        int total = 0;
        for (ReplicaSet rs : sorted) {
            if (total >= maxCleanup) {
                break;
            }
            int unavailable = unavailableReplicas(rs);
            if (unavailable == 0) {
                continue;
            }
            int down = Math.min(maxCleanup - total, unavailable);
            sync.scaleReplicaSet(rs, specReplicas(rs) - down);
            total += down;
        }
        return total;
    }

    private static int scaleDownOld(DeploymentSync sync, List<ReplicaSet> all, List<ReplicaSet> oldRSs) {
        Deployment d = sync.d;
        int minAvailable = replicas(d) - maxUnavailable(d);
        int available = keptAvailableReplicaCount(all);
        if (available <= minAvailable) {
            return 0;
        }
        int toScaleDown = available - minAvailable;
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(BY_CREATION);
        int total = 0;
        for (ReplicaSet rs : sorted) {
            if (total >= toScaleDown) {
                break;
            }
            int replicas = specReplicas(rs);
            if (replicas == 0) {
                continue;
            }
            int down = Math.min(replicas, toScaleDown - total);
            sync.scaleReplicaSet(rs, replicas - down);
            total += down;
        }
        return total;
    }
}
