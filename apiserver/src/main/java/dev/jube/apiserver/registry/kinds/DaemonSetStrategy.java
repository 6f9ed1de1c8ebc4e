package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** DaemonSets: rolling updates of one node at a time without surge, 10 revisions kept. */
public final class DaemonSetStrategy extends WorkloadStrategy {

    static final List<String> TYPES = List.of("OnDelete", "RollingUpdate");

    @Override
    boolean hasReplicas() {
        return false;
    }

    @Override
    void specDefaults(ObjectNode spec) {
        ObjectNode strategy = Fields.child(spec, "updateStrategy");
        Fields.defaultString(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode rolling = Fields.child(strategy, "rollingUpdate");
            if (!Fields.has(rolling, "maxUnavailable")) {
                rolling.put("maxUnavailable", 1);
            }
            if (!Fields.has(rolling, "maxSurge")) {
                rolling.put("maxSurge", 0);
            }
        }
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
    }

    @Override
    String noun() {
        return "daemonset";
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        String type = Fields.string(obj.path("spec").path("updateStrategy"), "type");
        if (!TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.updateStrategy.type", type, TYPES));
        }
        JsonNode rolling = obj.path("spec").path("updateStrategy").path("rollingUpdate");
        validateIntOrPercent(rolling.get("maxUnavailable"), "spec.updateStrategy.rollingUpdate.maxUnavailable", errors);
        validateIntOrPercent(rolling.get("maxSurge"), "spec.updateStrategy.rollingUpdate.maxSurge", errors);
        return errors;
    }
}
