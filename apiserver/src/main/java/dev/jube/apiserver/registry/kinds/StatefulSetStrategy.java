package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * StatefulSets: ordered pod management, rolling updates from partition 0, claims retained; only
 * replicas, template, update strategy, retention policy, ordinals and minReadySeconds may change.
 */
public final class StatefulSetStrategy extends WorkloadStrategy {

    static final List<String> POLICIES = List.of("OrderedReady", "Parallel");
    static final List<String> MUTABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
            "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    @Override
    void specDefaults(ObjectNode spec) {
        Fields.defaultString(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Fields.child(spec, "updateStrategy");
        Fields.defaultString(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            Fields.defaultInt(Fields.child(strategy, "rollingUpdate"), "partition", 0);
        }
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = Fields.child(spec, "persistentVolumeClaimRetentionPolicy");
        Fields.defaultString(retention, "whenDeleted", "Retain");
        Fields.defaultString(retention, "whenScaled", "Retain");
        for (JsonNode claim : Fields.array(spec, "volumeClaimTemplates")) {
            if (claim.get("spec") instanceof ObjectNode claimSpec) {
                Fields.defaultString(claimSpec, "volumeMode", "Filesystem");
            }
        }
    }

    @Override
    String noun() {
        return "statefulset";
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        String policy = Fields.string(spec, "podManagementPolicy");
        if (!POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported("spec.podManagementPolicy", policy, POLICIES));
        }
        String type = Fields.string(spec.path("updateStrategy"), "type");
        if (!DaemonSetStrategy.TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.updateStrategy.type", type, DaemonSetStrategy.TYPES));
        }
        JsonNode partition = spec.path("updateStrategy").path("rollingUpdate").get("partition");
        if (partition != null && partition.isNumber() && partition.asLong() < 0) {
            errors.add(FieldError.invalid("spec.updateStrategy.rollingUpdate.partition", partition.asLong(),
                    "must be greater than or equal to 0"));
        }
        String service = Fields.string(spec, "serviceName");
        if (!service.isEmpty()) {
            for (String msg : dev.jube.api.validation.Names.dns1123Label(service)) {
                errors.add(FieldError.invalid("spec.serviceName", service, msg));
            }
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        ObjectNode a = obj.path("spec") instanceof ObjectNode s ? s.deepCopy() : Fields.child(obj, "spec").deepCopy();
        ObjectNode b = old.path("spec") instanceof ObjectNode s ? s.deepCopy() : Fields.child(old, "spec").deepCopy();
        for (String f : MUTABLE) {
            a.remove(f);
            b.remove(f);
        }
        if (!a.equals(b)) {
            errors.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
                    + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                    + "'minReadySeconds' are forbidden"));
        }
        return errors;
    }
}
