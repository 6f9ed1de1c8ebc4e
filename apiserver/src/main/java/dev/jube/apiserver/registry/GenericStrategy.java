package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * No errors (a mutable list, for kinds to add theirs): ObjectMeta, labels and annotations
     * included, is checked for every kind by the handlers.
     */
    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        return new ArrayList<>();
    }
}
