package dev.jube.api.table;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A condition of a table row (not of the object), e.g. type "Completed" for a pod that finished.
 * Reason and message may be empty; they are then left out of the JSON, as upstream does.
 */
public record RowCondition(String type, String status, String reason, String message) {

    public RowCondition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type);
        n.put("status", status);
        if (!reason.isEmpty()) {
            n.put("reason", reason);
        }
        if (!message.isEmpty()) {
            n.put("message", message);
        }
        return n;
    }
}
