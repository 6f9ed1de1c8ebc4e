package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strategy every kind gets unless it needs more: for kinds with a status subresource, status
 * is cleared on create and can only be changed through {@code /status}; custom resources use this
 * as it is.
 */
public class GenericStrategy implements Strategy {

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        if (d.hasStatus()) {
            obj.remove("status");
        }
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        if (d.hasStatus()) {
            JsonNode oldStatus = old.get("status");
            if (oldStatus == null) {
                obj.remove("status");
            } else {
                obj.set("status", oldStatus.deepCopy());
            }
        }
    }

    @Override
    public ObjectNode prepareForStatusUpdate(ResourceDescriptor d, ObjectNode incoming, ObjectNode old) {
        ObjectNode result = old.deepCopy();
        JsonNode status = incoming.get("status");
        if (status == null) {
            result.remove("status");
        } else {
            result.set("status", status.deepCopy());
        }
        // resourceVersion in the request is the client's precondition; it is checked by the handler.
        return result;
    }

    /** Labels and annotations; kinds add their own checks on top. */
    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode meta = obj.path("metadata");
        errors.addAll(Names.validateLabels(stringMap(meta.get("labels")), "metadata.labels"));
        errors.addAll(Names.validateAnnotations(stringMap(meta.get("annotations")), "metadata.annotations"));
        return errors;
    }

    private static Map<String, String> stringMap(JsonNode m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null && m.isObject()) {
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
            }
        }
        return out;
    }
}
