package dev.jube.controllers.daemonset;

import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.history.RevisionHistory;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Daemon pods as upstream builds them: the template plus the tolerations every daemon pod gets
 * (so node conditions never evict or block it), pinned to its node by a required node affinity
 * on metadata.name that the scheduler then honours.
 */
final class DaemonPods {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    static final String NODE_NAME_FIELD = "metadata.name";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private DaemonPods() {}

    /** The template's pod spec with the automatic daemon tolerations added (upstream's NewPod). */
    static PodSpec specWithTolerations(PodTemplateSpec template) {
        PodSpec spec = SERIALIZATION.clone(template.getSpec() == null ? new PodSpec() : template.getSpec());
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        add(tolerations, NOT_READY, "NoExecute");
        add(tolerations, UNREACHABLE, "NoExecute");
        add(tolerations, DISK_PRESSURE, "NoSchedule");
        add(tolerations, MEMORY_PRESSURE, "NoSchedule");
        add(tolerations, PID_PRESSURE, "NoSchedule");
        add(tolerations, UNSCHEDULABLE, "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(tolerations, NETWORK_UNAVAILABLE, "NoSchedule");
        }
        spec.setTolerations(tolerations);
        return spec;
    }

    /** Adds or replaces the Exists toleration of {@code key} and {@code effect}. */
    private static void add(List<Toleration> tolerations, String key, String effect) {
        Toleration t = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
        tolerations.removeIf(o -> Objects.equals(o.getKey(), key) && Objects.equals(o.getEffect(), effect));
        tolerations.add(t);
    }

    /** The daemon pod for {@code node}: labelled with the revision hash, pinned by node affinity. */
    static Pod newPod(DaemonSet ds, String hash, String node) {
        PodTemplateSpec template = ds.getSpec().getTemplate();
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new HashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(RevisionHistory.HASH_LABEL, hash);
        String generation = ds.getMetadata().getAnnotations() == null ? null
                : ds.getMetadata().getAnnotations().get("deprecated.daemonset.template.generation");
        if (generation != null) {
            labels.put("pod-template-generation", generation);
        }
        PodSpec spec = specWithTolerations(template);
        spec.setAffinity(pinnedTo(spec.getAffinity(), node));
        return new PodBuilder().withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(tm.getAnnotations() == null ? null : new HashMap<>(tm.getAnnotations()))
                .withFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()))
                .withOwnerReferences(OwnerRefs.controllerRef(ds, DaemonSetController.API_VERSION,
                        DaemonSetController.KIND))
                .endMetadata().withSpec(spec).build();
    }

    /**
     * Upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one
     * term selecting the node by name (the node was already checked against the original terms).
     */
    static Affinity pinnedTo(Affinity affinity, String node) {
        Affinity result = affinity == null ? new Affinity() : SERIALIZATION.clone(affinity);
        NodeAffinity na = result.getNodeAffinity() == null ? new NodeAffinity() : result.getNodeAffinity();
        NodeSelectorRequirement byName = new NodeSelectorRequirementBuilder().withKey(NODE_NAME_FIELD)
                .withOperator("In").withValues(node).build();
        na.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder()
                .addNewNodeSelectorTerm().withMatchFields(byName).endNodeSelectorTerm().build());
        result.setNodeAffinity(na);
        return result;
    }

    /** The node a daemon pod is for: its nodeName, or the node its affinity pins it to (upstream's GetTargetNodeName). */
    static String targetNode(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        Affinity a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null
                || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (NodeSelectorTerm term : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            if (term.getMatchFields() == null) {
                continue;
            }
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                if (NODE_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return null;
    }

    static String hashOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL);
    }
}
