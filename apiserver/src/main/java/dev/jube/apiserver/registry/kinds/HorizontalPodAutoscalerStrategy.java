package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** HorizontalPodAutoscalers (autoscaling/v2 form): at least one replica, CPU at 80% when no metric is given. */
public final class HorizontalPodAutoscalerStrategy extends GenericStrategy {

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        defaults(obj);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        defaults(obj);
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Fields.child(obj, "spec");
        Fields.defaultInt(spec, "minReplicas", 1);
        if (Fields.array(spec, "metrics").isEmpty()) {
            ObjectNode m = spec.putArray("metrics").addObject();
            m.put("type", "Resource");
            ObjectNode resource = m.putObject("resource");
            resource.put("name", "cpu");
            ObjectNode target = resource.putObject("target");
            target.put("type", "Utilization");
            target.put("averageUtilization", 80);
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        JsonNode ref = spec.path("scaleTargetRef");
        if (Fields.string(ref, "kind").isEmpty()) {
            errors.add(FieldError.required("spec.scaleTargetRef.kind", ""));
        }
        if (Fields.string(ref, "name").isEmpty()) {
            errors.add(FieldError.required("spec.scaleTargetRef.name", ""));
        }
        long min = spec.path("minReplicas").asLong(1);
        long max = spec.path("maxReplicas").asLong(0);
        if (min < 1) {
            errors.add(FieldError.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
        }
        if (max < 1) {
            errors.add(FieldError.invalid("spec.maxReplicas", max, "must be greater than 0"));
        } else if (max < min) {
            errors.add(FieldError.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
        }
        return errors;
    }
}
