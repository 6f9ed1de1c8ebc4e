package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Deployments: rolling updates of 25%/25% by default, 10 old ReplicaSets kept, a 600 s progress deadline. */
public final class DeploymentStrategy extends WorkloadStrategy {

    static final List<String> TYPES = List.of("Recreate", "RollingUpdate");

    @Override
    void specDefaults(ObjectNode spec) {
        ObjectNode strategy = Fields.child(spec, "strategy");
        Fields.defaultString(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asString().equals("RollingUpdate")) {
            ObjectNode rolling = Fields.child(strategy, "rollingUpdate");
            if (!Fields.has(rolling, "maxUnavailable")) {
                rolling.put("maxUnavailable", "25%");
            }
            if (!Fields.has(rolling, "maxSurge")) {
                rolling.put("maxSurge", "25%");
            }
        }
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
        Fields.defaultInt(spec, "progressDeadlineSeconds", 600);
    }

    @Override
    String noun() {
        return "deployment";
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        JsonNode strategy = spec.path("strategy");
        String type = Fields.string(strategy, "type");
        if (!TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.strategy.type", type, TYPES));
        } else if (type.equals("Recreate") && Fields.has(strategy, "rollingUpdate")) {
            errors.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'"));
        } else if (type.equals("RollingUpdate")) {
            JsonNode rolling = strategy.path("rollingUpdate");
            boolean unavailableZero = validateIntOrPercent(rolling.get("maxUnavailable"),
                    "spec.strategy.rollingUpdate.maxUnavailable", errors);
            boolean surgeZero = validateIntOrPercent(rolling.get("maxSurge"), "spec.strategy.rollingUpdate.maxSurge",
                    errors);
            if (unavailableZero && surgeZero) {
                errors.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                        Fields.shown(rolling.get("maxUnavailable")), "may not be 0 when `maxSurge` is 0"));
            }
        }
        JsonNode history = spec.get("revisionHistoryLimit");
        if (history != null && history.isNumber() && history.asLong() < 0) {
            errors.add(FieldError.invalid("spec.revisionHistoryLimit", history.asLong(),
                    "must be greater than or equal to 0"));
        }
        long minReady = spec.path("minReadySeconds").asLong(0);
        JsonNode deadline = spec.get("progressDeadlineSeconds");
        if (deadline != null && deadline.isNumber() && deadline.asLong() <= minReady) {
            errors.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline.asLong(),
                    "must be greater than minReadySeconds"));
        }
        return errors;
    }
}
