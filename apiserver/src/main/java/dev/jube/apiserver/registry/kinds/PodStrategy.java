package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: upstream's spec defaults, status Pending with the computed QoS class, validation, the
 * narrow set of spec fields an update may change, and graceful deletion of pods on a node.
 */
public final class PodStrategy extends GenericStrategy {

    static final String UPDATE_MESSAGE = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
            + "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
            + "previously negative)";

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        ObjectNode spec = Fields.child(obj, "spec");
        PodSpecs.applyDefaults(spec);
        PodSpecs.applyPodAdmissionDefaults(spec);
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", PodSpecs.qosClass(spec));
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        if (obj.get("spec") instanceof ObjectNode spec) {
            PodSpecs.applyDefaults(spec);
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        PodSpecs.validate(obj.get("spec"), "spec", errors);
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        if (!errors.isEmpty()) {
            return errors;
        }
        if (!mutableOnlyChanged(obj.path("spec"), old.path("spec"))) {
            errors.add(FieldError.forbidden("spec", UPDATE_MESSAGE));
        }
        return errors;
    }

    /** Whether the specs differ only in the fields a pod update may change. */
    static boolean mutableOnlyChanged(JsonNode spec, JsonNode oldSpec) {
        if (!(spec instanceof ObjectNode next) || !(oldSpec instanceof ObjectNode prev)) {
            return Fields.same(spec, oldSpec);
        }
        ObjectNode a = next.deepCopy();
        ObjectNode b = prev.deepCopy();
        for (String list : new String[] {"containers", "initContainers"}) {
            ArrayNode ac = Fields.array(a, list);
            ArrayNode bc = Fields.array(b, list);
            if (ac.size() != bc.size()) {
                return false;
            }
            for (int i = 0; i < ac.size(); i++) {
                if (ac.get(i) instanceof ObjectNode ca && bc.get(i) instanceof ObjectNode cb) {
                    ca.remove("image");
                    cb.remove("image");
                }
            }
        }
        a.remove("activeDeadlineSeconds");
        b.remove("activeDeadlineSeconds");
        ArrayNode oldTolerations = Fields.array(b, "tolerations");
        ArrayNode newTolerations = Fields.array(a, "tolerations");
        for (JsonNode t : oldTolerations) {
            if (!contains(newTolerations, t)) {
                return false;
            }
        }
        a.remove("tolerations");
        b.remove("tolerations");
        long oldGrace = b.path("terminationGracePeriodSeconds").asLong(0);
        if (oldGrace < 0 && a.path("terminationGracePeriodSeconds").asLong(0) == 1) {
            a.remove("terminationGracePeriodSeconds");
            b.remove("terminationGracePeriodSeconds");
        }
        return a.equals(b);
    }

    private static boolean contains(ArrayNode list, JsonNode item) {
        for (JsonNode n : list) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long deletionGracePeriodSeconds(ResourceDescriptor d, ObjectNode pod, Long requested) {
        if (Fields.string(pod.path("spec"), "nodeName").isEmpty()) {
            return 0;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        return pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }
}
