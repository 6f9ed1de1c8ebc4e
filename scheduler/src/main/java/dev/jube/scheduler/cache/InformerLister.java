package dev.jube.scheduler.cache;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.selector.LabelSelector.Operator;
import dev.jube.api.selector.LabelSelector.Requirement;
import dev.jube.scheduler.framework.ClusterLister;
import dev.jube.scheduler.framework.Selectors;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link ClusterLister} over informer stores; a missing informer (resource not served) reads as empty. */
public final class InformerLister implements ClusterLister {

    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<PersistentVolumeClaim> pvcs;
    private final SharedIndexInformer<PersistentVolume> pvs;
    private final SharedIndexInformer<StorageClass> storageClasses;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<ReplicationController> rcs;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<PodDisruptionBudget> pdbs;

    public InformerLister(SharedIndexInformer<Namespace> namespaces, SharedIndexInformer<PersistentVolumeClaim> pvcs,
                          SharedIndexInformer<PersistentVolume> pvs, SharedIndexInformer<StorageClass> storageClasses,
                          SharedIndexInformer<Service> services, SharedIndexInformer<ReplicationController> rcs,
                          SharedIndexInformer<ReplicaSet> replicaSets, SharedIndexInformer<StatefulSet> statefulSets) {
        this.namespaces = namespaces;
        this.pvcs = pvcs;
        this.pvs = pvs;
        this.storageClasses = storageClasses;
        this.services = services;
        this.rcs = rcs;
        this.replicaSets = replicaSets;
        this.statefulSets = statefulSets;
    }

    /** Adds the PodDisruptionBudget informer (absent when the API server does not serve policy/v1). */
    public void pdbs(SharedIndexInformer<PodDisruptionBudget> informer) {
        this.pdbs = informer;
    }

    @Override
    public List<PodDisruptionBudget> pdbs() {
        return all(pdbs);
    }

    private static <T> T byKey(SharedIndexInformer<T> informer, String key) {
        return informer == null ? null : informer.getStore().getByKey(key);
    }

    private static <T> List<T> all(SharedIndexInformer<T> informer) {
        return informer == null ? List.of() : informer.getStore().list();
    }

    @Override
    public Map<String, String> namespaceLabels(String ns) {
        Namespace n = byKey(namespaces, ns);
        if (n == null || n.getMetadata().getLabels() == null) {
            return Map.of("kubernetes.io/metadata.name", ns);
        }
        return n.getMetadata().getLabels();
    }

    @Override
    public PersistentVolumeClaim pvc(String namespace, String name) {
        return byKey(pvcs, namespace + "/" + name);
    }

    @Override
    public PersistentVolume pv(String name) {
        return byKey(pvs, name);
    }

    @Override
    public List<PersistentVolume> pvs() {
        return all(pvs);
    }

    @Override
    public StorageClass storageClass(String name) {
        return byKey(storageClasses, name);
    }

    @Override
    public LabelSelector defaultSelector(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = Selectors.labels(pod);
        List<Requirement> reqs = new ArrayList<>();
        for (Service s : all(services)) {
            Map<String, String> sel = s.getSpec() == null ? null : s.getSpec().getSelector();
            if (ns.equals(s.getMetadata().getNamespace()) && sel != null && !sel.isEmpty() && selects(sel, labels)) {
                sel.forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
            }
        }
        for (ReplicationController rc : all(rcs)) {
            Map<String, String> sel = rc.getSpec() == null ? null : rc.getSpec().getSelector();
            if (ns.equals(rc.getMetadata().getNamespace()) && sel != null && !sel.isEmpty() && selects(sel, labels)) {
                sel.forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
            }
        }
        for (ReplicaSet rs : all(replicaSets)) {
            if (ns.equals(rs.getMetadata().getNamespace()) && rs.getSpec() != null) {
                addIfSelecting(reqs, rs.getSpec().getSelector(), labels);
            }
        }
        for (StatefulSet ss : all(statefulSets)) {
            if (ns.equals(ss.getMetadata().getNamespace()) && ss.getSpec() != null) {
                addIfSelecting(reqs, ss.getSpec().getSelector(), labels);
            }
        }
        return reqs.isEmpty() ? LabelSelector.nothing() : LabelSelector.of(reqs);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static void addIfSelecting(List<Requirement> reqs, io.fabric8.kubernetes.api.model.LabelSelector s,
                                       Map<String, String> labels) {
        if (s == null) {
            return;
        }
        LabelSelector sel;
        try {
            sel = Selectors.of(s);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!sel.isEverything() && !sel.isNothing() && sel.matches(labels)) {
            reqs.addAll(sel.requirements());
        }
    }
}
