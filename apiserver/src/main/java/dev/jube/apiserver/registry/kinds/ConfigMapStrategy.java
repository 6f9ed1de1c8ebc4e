package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** ConfigMaps: valid keys, no key in both data and binaryData, at most 1 MiB, frozen when immutable. */
public final class ConfigMapStrategy extends GenericStrategy {

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        long total = ConfigKeys.validate(obj.get("data"), "data", false, errors);
        total += ConfigKeys.validate(obj.get("binaryData"), "binaryData", true, errors);
        JsonNode binary = obj.get("binaryData");
        if (obj.get("data") instanceof ObjectNode data && binary != null && binary.isObject()) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                if (binary.has(e.getKey())) {
                    errors.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(),
                            "duplicate of key present in binaryData"));
                }
            }
        }
        if (total > ConfigKeys.MAX_TOTAL_BYTES) {
            errors.add(new FieldError(FieldError.Type.TOO_LONG, "data", "", "must have at most 1048576 bytes"));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        immutability(obj, old, new String[] {"data", "binaryData"}, errors);
        return errors;
    }

    /** Once {@code immutable: true}, the payload fields and the flag itself are fixed. */
    static void immutability(ObjectNode obj, ObjectNode old, String[] fields, List<FieldError> errors) {
        if (!old.path("immutable").asBoolean(false)) {
            return;
        }
        if (!obj.path("immutable").asBoolean(false)) {
            errors.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        for (String f : fields) {
            if (!Fields.same(emptyToNull(obj.get(f)), emptyToNull(old.get(f)))) {
                errors.add(FieldError.forbidden(f, "field is immutable when `immutable` is set"));
            }
        }
    }

    private static JsonNode emptyToNull(JsonNode n) {
        return n != null && n.isObject() && n.isEmpty() ? null : n;
    }
}
