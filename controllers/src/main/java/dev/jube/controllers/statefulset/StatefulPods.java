package dev.jube.controllers.statefulset;

import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.history.RevisionHistory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable identity of a StatefulSet's pods: the name PARENT-ORDINAL, the identity labels,
 * hostname and subdomain, and one claim per volumeClaimTemplate named TEMPLATE-PARENT-ORDINAL.
 */
final class StatefulPods {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StatefulPods() {}

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** The ordinal a pod's name spells for this set, or -1 if the name is not PARENT-N. */
    static int ordinalOf(StatefulSet set, Pod pod) {
        String name = pod.getMetadata().getName();
        String prefix = set.getMetadata().getName() + "-";
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return -1;
        }
        String digits = name.substring(prefix.length());
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + podName(set, ordinal);
    }

    static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        List<PersistentVolumeClaim> t = set.getSpec().getVolumeClaimTemplates();
        return t == null ? List.of() : t;
    }

    /** The revision a pod was made from (the controller-revision-hash label holds its name). */
    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(RevisionHistory.HASH_LABEL);
    }

    /** The pod for {@code ordinal}, made from {@code template} of revision {@code revisionName}. */
    static Pod newPod(StatefulSet set, PodTemplateSpec template, String revisionName, int ordinal) {
        String name = podName(set, ordinal);
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new HashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(RevisionHistory.HASH_LABEL, revisionName);
        PodSpec spec = SERIALIZATION.clone(template.getSpec() == null ? new PodSpec() : template.getSpec());
        spec.setHostname(name);
        String service = set.getSpec().getServiceName();
        if (service != null && !service.isEmpty()) {
            spec.setSubdomain(service);
        }
        List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
        for (PersistentVolumeClaim claim : claimTemplates(set)) {
            String volume = claim.getMetadata().getName();
            volumes.removeIf(v -> volume.equals(v.getName()));
            volumes.add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(set, claim, ordinal)).endPersistentVolumeClaim().build());
        }
        spec.setVolumes(volumes.isEmpty() ? null : volumes);
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(tm.getAnnotations() == null ? null : new HashMap<>(tm.getAnnotations()))
                .withFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()))
                .withOwnerReferences(OwnerRefs.controllerRef(set, StatefulSetController.API_VERSION,
                        StatefulSetController.KIND))
                .endMetadata().withSpec(spec).build();
    }

    /** The claim for {@code ordinal} from one volumeClaimTemplate, labelled with the set's selector. */
    static PersistentVolumeClaim newClaim(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(set.getSpec().getSelector().getMatchLabels());
        }
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(claimName(set, template, ordinal))
                .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations() == null ? null
                        : new HashMap<>(template.getMetadata().getAnnotations()))
                .endMetadata().withSpec(SERIALIZATION.clone(template.getSpec())).build();
    }
}
