package dev.jube.apiserver.registry.kinds;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ReplicationControllers: the selector is a plain label map that defaults to the template's
 * labels, as do the controller's own labels; unlike the apps kinds the selector may change.
 */
public final class ReplicationControllerStrategy extends WorkloadStrategy {

    @Override
    void defaults(ObjectNode obj) {
        ObjectNode spec = Fields.child(obj, "spec");
        JsonNode templateLabels = spec.path("template").path("metadata").get("labels");
        if (templateLabels instanceof ObjectNode labels && !labels.isEmpty()) {
            if (!(spec.get("selector") instanceof ObjectNode sel) || sel.isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            ObjectNode meta = Fields.child(obj, "metadata");
            if (!(meta.get("labels") instanceof ObjectNode own) || own.isEmpty()) {
                meta.set("labels", labels.deepCopy());
            }
        }
        super.defaults(obj);
    }

    @Override
    void specDefaults(ObjectNode spec) {
    }

    @Override
    String noun() {
        return "replicationcontroller";
    }

    @Override
    void validateSelectorAndTemplate(JsonNode spec, List<FieldError> errors) {
        Map<String, String> selector = Fields.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            errors.addAll(dev.jube.api.validation.Names.validateLabels(selector, "spec.selector"));
        }
        validateTemplate(spec.get("template"), selector.isEmpty() ? null : LabelSelector.fromMap(selector),
                "spec.template", errors);
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        return validate(d, obj);
    }
}
