package dev.jube.api.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386), the {@code application/merge-patch+json} patch type. Inputs are
 * never modified; results share no nodes with them.
 */
public final class JsonMergePatch {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}: objects merge recursively, null removes a member,
     * anything else (arrays included) replaces. A null or missing target counts as absent.
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || patch.isMissingNode()) {
            return target == null ? null : target.deepCopy();
        }
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                result.remove(name);
            } else {
                result.set(name, apply(result.get(name), value));
            }
        }
        return result;
    }

    /**
     * A merge patch that turns {@code original} into {@code modified}: removed members become
     * null, changed or added ones carry the new value, and arrays are sent whole. When either
     * side is not an object the patch is {@code modified} itself. Null values inside
     * {@code modified} objects cannot be expressed by a merge patch; they read as removals.
     */
    public static JsonNode diff(JsonNode original, JsonNode modified) {
        if (original == null || modified == null || !original.isObject() || !modified.isObject()) {
            return modified == null ? NODES.nullNode() : modified.deepCopy();
        }
        ObjectNode patch = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : original.properties()) {
            if (!modified.has(e.getKey())) {
                patch.putNull(e.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> e : modified.properties()) {
            String name = e.getKey();
            JsonNode newValue = e.getValue();
            JsonNode oldValue = original.get(name);
            if (oldValue == null) {
                patch.set(name, newValue.deepCopy());
            } else if (oldValue.isObject() && newValue.isObject()) {
                JsonNode sub = diff(oldValue, newValue);
                if (!sub.isEmpty()) {
                    patch.set(name, sub);
                }
            } else if (!oldValue.equals(newValue)) {
                patch.set(name, newValue.deepCopy());
            }
        }
        return patch;
    }
}
