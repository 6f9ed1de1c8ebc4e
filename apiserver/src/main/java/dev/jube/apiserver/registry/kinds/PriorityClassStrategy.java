package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PriorityClasses: user classes up to one billion, system- names reserved, the value fixed once set. */
public final class PriorityClassStrategy extends GenericStrategy {

    public static final Map<String, Integer> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2000001000, "system-cluster-critical", 2000000000);
    static final long HIGHEST_USER_DEFINABLE = 1_000_000_000L;
    static final List<String> PREEMPTION = List.of("Never", "PreemptLowerPriority");

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        Fields.defaultString(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        Fields.defaultString(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        String name = Fields.string(obj.path("metadata"), "name");
        JsonNode value = obj.get("value");
        Integer system = SYSTEM_CLASSES.get(name);
        if (system != null) {
            if (value == null || value.asLong() != system) {
                errors.add(FieldError.forbidden("metadata.name", "priority class names with 'system-' prefix are "
                        + "reserved for system use only. error: name " + name + " value " + system));
            }
        } else if (name.startsWith("system-")) {
            errors.add(FieldError.forbidden("metadata.name",
                    "priority class names with 'system-' prefix are reserved for system use only"));
        } else if (value != null && value.asLong() > HIGHEST_USER_DEFINABLE) {
            errors.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is "
                    + HIGHEST_USER_DEFINABLE));
        }
        String policy = Fields.string(obj, "preemptionPolicy");
        if (!PREEMPTION.contains(policy)) {
            errors.add(FieldError.notSupported("preemptionPolicy", policy, PREEMPTION));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        if (!Fields.same(obj.get("value"), old.get("value"))) {
            errors.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        if (!Fields.same(obj.get("preemptionPolicy"), old.get("preemptionPolicy"))) {
            errors.add(FieldError.invalid("preemptionPolicy", Fields.shown(obj.get("preemptionPolicy")),
                    "field is immutable"));
        }
        return errors;
    }
}
