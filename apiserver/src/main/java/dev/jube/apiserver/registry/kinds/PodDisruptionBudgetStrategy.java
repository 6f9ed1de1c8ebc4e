package dev.jube.apiserver.registry.kinds;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PodDisruptionBudgets: minAvailable or maxUnavailable, not both, as counts or percentages. */
public final class PodDisruptionBudgetStrategy extends GenericStrategy {

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        if (Fields.has(spec, "minAvailable") && Fields.has(spec, "maxUnavailable")) {
            errors.add(FieldError.invalid("spec", Fields.shown(spec),
                    "minAvailable and maxUnavailable cannot be both set"));
        }
        WorkloadStrategy.validateIntOrPercent(spec.get("minAvailable"), "spec.minAvailable", errors);
        WorkloadStrategy.validateIntOrPercent(spec.get("maxUnavailable"), "spec.maxUnavailable", errors);
        errors.addAll(LabelSelector.validate(spec.get("selector"), "spec.selector"));
        return errors;
    }
}
