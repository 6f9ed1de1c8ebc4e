package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;

/** Read access to the cluster objects plugins consult besides nodes and pods (fed by informers). */
public interface ClusterLister {

    /** The labels of namespace {@code ns} (empty when unknown). */
    Map<String, String> namespaceLabels(String ns);

    PersistentVolumeClaim pvc(String namespace, String name);

    PersistentVolume pv(String name);

    List<PersistentVolume> pvs();

    StorageClass storageClass(String name);

    /**
     * Upstream's default selector of a pod: the selectors of the Services, ReplicationControllers,
     * ReplicaSets and StatefulSets selecting it, combined; {@code nothing()} when there are none.
     * The default topology spread constraints count pods with it.
     */
    dev.jube.api.selector.LabelSelector defaultSelector(Pod pod);

    /** Every PodDisruptionBudget (preemption avoids violating them). */
    default List<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget> pdbs() {
        return List.of();
    }

    /** A lister with no objects, for tests. */
    ClusterLister EMPTY = new ClusterLister() {
        @Override
        public Map<String, String> namespaceLabels(String ns) {
            return Map.of("kubernetes.io/metadata.name", ns);
        }

        @Override
        public PersistentVolumeClaim pvc(String namespace, String name) {
            return null;
        }

        @Override
        public PersistentVolume pv(String name) {
            return null;
        }

        @Override
        public List<PersistentVolume> pvs() {
            return List.of();
        }

        @Override
        public StorageClass storageClass(String name) {
            return null;
        }

        @Override
        public dev.jube.api.selector.LabelSelector defaultSelector(Pod pod) {
            return dev.jube.api.selector.LabelSelector.nothing();
        }
    };
}
