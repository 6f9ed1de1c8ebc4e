package dev.jube.controllers.deployment;

import static dev.jube.controllers.deployment.DeploymentUtil.*;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * The Recreate strategy: scale every old ReplicaSet to zero, wait until none of their pods
 * exist, then create (or scale up) the new ReplicaSet. Old and new pods never overlap.
 */
final class RecreateRollout {

    private RecreateRollout() {}

    static void run(DeploymentSync sync) {
        DeploymentSync.Split s = sync.split(false);
        boolean scaledDown = false;
        for (ReplicaSet old : active(s.oldRSs())) {
            scaledDown |= sync.scaleReplicaSet(old, 0);
        }
        if (scaledDown) {
            sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(s.newRS()));
            return;
        }
        if (sync.oldPodsRunning(s.newRS(), s.oldRSs().stream().map(sync::current).toList())) {
            sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(s.newRS()));
            return;
        }
        if (s.newRS() == null) {
            s = sync.split(true);
        }
        ReplicaSet newRS = sync.current(s.newRS());
        if (sync.scaleReplicaSet(newRS, replicas(sync.d))) {
            sync.syncRolloutStatus(DeploymentController.currentAll(sync, s), sync.current(newRS));
            return;
        }
        DeploymentStatus status = sync.d.getStatus() == null ? new DeploymentStatus() : sync.d.getStatus();
        if (complete(sync.d, status)) {
            sync.cleanup(s.oldRSs());
        }
        List<ReplicaSet> all = DeploymentController.currentAll(sync, s);
        sync.syncRolloutStatus(all, sync.current(newRS));
    }
}
