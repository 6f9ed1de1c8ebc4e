package dev.jube.scheduler.plugins;

import dev.jube.api.selector.NodeSelectors;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Action;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.EnqueueExtensions;
import dev.jube.scheduler.framework.FilterPlugin;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreBindPlugin;
import dev.jube.scheduler.framework.PreFilterPlugin;
import dev.jube.scheduler.framework.Resource;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The basics of volume binding: claims must exist; unbound claims of Immediate classes wait for
 * the volume controller; bound volumes restrict pods to the nodes their node affinity allows; an
 * unbound WaitForFirstConsumer claim needs a matching available volume on the node, or a class
 * with a provisioner, and PreBind records the chosen node on the claim for the provisioner
 * (volume.kubernetes.io/selected-node) or pre-binds the matching volume.
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreBindPlugin, EnqueueExtensions {

    public static final String NAME = "VolumeBinding";
    public static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    public static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    public static final String BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    private static final String KEY = "PreFilter" + NAME;
    private static final String DECISIONS = "Reserve" + NAME;

    private final Handle handle;

    public VolumeBinding(Handle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's claims sorted by state. */
    record Claims(List<PersistentVolumeClaim> bound, List<PersistentVolumeClaim> delayed) {}

    @Override
    public Result preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<PersistentVolumeClaim> bound = new ArrayList<>();
        List<PersistentVolumeClaim> delayed = new ArrayList<>();
        boolean any = false;
        for (Volume v : pod.pod().getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() == null) {
                continue;
            }
            any = true;
            String name = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim pvc = handle.lister().pvc(pod.namespace(), name);
            if (pvc == null) {
                return Result.of(Status.unresolvable("persistentvolumeclaim \"" + name + "\" not found"));
            }
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                return Result.of(Status.unresolvable("persistentvolumeclaim \"" + name + "\" is being deleted"));
            }
            String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            if (volumeName != null && !volumeName.isEmpty()) {
                bound.add(pvc);
            } else if (waitsForFirstConsumer(pvc)) {
                delayed.add(pvc);
            } else {
                return Result.of(Status.unresolvable(UNBOUND_IMMEDIATE));
            }
        }
        if (!any) {
            return Result.of(Status.SKIP);
        }
        state.write(KEY, new Claims(bound, delayed));
        return Result.of(Status.SUCCESS);
    }

    private boolean waitsForFirstConsumer(PersistentVolumeClaim pvc) {
        StorageClass sc = storageClass(pvc);
        return sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }

    private StorageClass storageClass(PersistentVolumeClaim pvc) {
        String name = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
        return name == null || name.isEmpty() ? null : handle.lister().storageClass(name);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Claims claims = state.read(KEY);
        if (claims == null) {
            return Status.SUCCESS;
        }
        for (PersistentVolumeClaim pvc : claims.bound()) {
            PersistentVolume pv = handle.lister().pv(pvc.getSpec().getVolumeName());
            if (pv == null) {
                return Status.unresolvable("persistentvolume \"" + pvc.getSpec().getVolumeName() + "\" not found");
            }
            if (!nodeAffinityAllows(pv, node.node())) {
                return Status.unresolvable(NODE_CONFLICT);
            }
        }
        for (PersistentVolumeClaim pvc : claims.delayed()) {
            if (findVolume(pvc, node.node()) == null && !canProvision(pvc)) {
                return Status.unschedulable(BIND_CONFLICT);
            }
        }
        return Status.SUCCESS;
    }

    private boolean canProvision(PersistentVolumeClaim pvc) {
        StorageClass sc = storageClass(pvc);
        return sc != null && sc.getProvisioner() != null && !sc.getProvisioner().isEmpty()
                && !"kubernetes.io/no-provisioner".equals(sc.getProvisioner());
    }

    static boolean nodeAffinityAllows(PersistentVolume pv, Node node) {
        var na = pv.getSpec() == null ? null : pv.getSpec().getNodeAffinity();
        if (na == null || na.getRequired() == null) {
            return true;
        }
        return NodeSelectors.matches(na.getRequired(), node);
    }

    /** The smallest available volume of the claim's class, big enough, with the access modes, usable on the node. */
    private PersistentVolume findVolume(PersistentVolumeClaim pvc, Node node) {
        String cls = pvc.getSpec().getStorageClassName();
        long wanted = 0;
        if (pvc.getSpec().getResources() != null && pvc.getSpec().getResources().getRequests() != null) {
            Resource r = new Resource();
            r.add("storage", pvc.getSpec().getResources().getRequests().get("storage"));
            wanted = r.get("storage");
        }
        PersistentVolume best = null;
        long bestSize = Long.MAX_VALUE;
        for (PersistentVolume pv : handle.lister().pvs()) {
            var spec = pv.getSpec();
            if (spec == null || spec.getClaimRef() != null || !java.util.Objects.equals(cls, spec.getStorageClassName())) {
                continue;
            }
            if (pv.getStatus() != null && pv.getStatus().getPhase() != null
                    && !"Available".equals(pv.getStatus().getPhase())) {
                continue;
            }
            if (!spec.getAccessModes().containsAll(pvc.getSpec().getAccessModes())) {
                continue;
            }
            Resource cap = new Resource();
            if (spec.getCapacity() != null) {
                cap.add("storage", spec.getCapacity().get("storage"));
            }
            long size = cap.get("storage");
            if (size < wanted || !nodeAffinityAllows(pv, node)) {
                continue;
            }
            if (size < bestSize) {
                best = pv;
                bestSize = size;
            }
        }
        return best;
    }

    @Override
    public Status preBind(CycleState state, PodInfo pod, String nodeName) {
        Claims claims = state.read(KEY);
        if (claims == null || claims.delayed().isEmpty()) {
            return Status.SKIP;
        }
        if (handle.client() == null) {
            return Status.error("volume binding needs an API client");
        }
        Node node = handle.client().nodes().withName(nodeName).get();
        if (node == null) {
            return Status.error("node \"" + nodeName + "\" not found");
        }
        Map<String, String> decisions = new HashMap<>();
        for (PersistentVolumeClaim pvc : claims.delayed()) {
            PersistentVolume pv = findVolume(pvc, node);
            if (pv != null) {
                // Pre-bind: point the volume at the claim; the volume controller completes the pair.
                handle.client().persistentVolumes().withName(pv.getMetadata().getName()).edit(v -> {
                    v.getSpec().setClaimRef(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
                            .withKind("PersistentVolumeClaim").withApiVersion("v1")
                            .withNamespace(pvc.getMetadata().getNamespace()).withName(pvc.getMetadata().getName())
                            .withUid(pvc.getMetadata().getUid()).build());
                    return v;
                });
                decisions.put(pvc.getMetadata().getName(), pv.getMetadata().getName());
            } else {
                handle.client().persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                        .withName(pvc.getMetadata().getName()).edit(c -> {
                            if (c.getMetadata().getAnnotations() == null) {
                                c.getMetadata().setAnnotations(new HashMap<>());
                            }
                            c.getMetadata().getAnnotations().put(SELECTED_NODE, nodeName);
                            return c;
                        });
                decisions.put(pvc.getMetadata().getName(), "provision on " + nodeName);
            }
        }
        state.write(DECISIONS, decisions);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(ClusterEvent.of(Kind.PERSISTENT_VOLUME_CLAIM, Action.ADD, Action.UPDATE),
                ClusterEvent.of(Kind.PERSISTENT_VOLUME, Action.ADD, Action.UPDATE),
                ClusterEvent.of(Kind.STORAGE_CLASS, Action.ADD, Action.UPDATE),
                ClusterEvent.of(Kind.NODE, Action.ADD, Action.UPDATE_NODE_LABEL));
    }
}
