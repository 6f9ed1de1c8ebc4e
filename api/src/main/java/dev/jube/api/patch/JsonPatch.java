package dev.jube.api.patch;

import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * JSON patch (RFC 6902, {@code application/json-patch+json}) on top of zjsonpatch, checking the
 * document first and naming the failing operation by its index, e.g.
 * {@code json patch operation 1 (replace /spec/replicas): ...}. Inputs are never modified.
 */
public final class JsonPatch {

    /** The API server's limit on operations in one patch. */
    public static final int MAX_OPERATIONS = 10_000;

    /** RFC 6902 strictness: removing a member that does not exist is an error, as upstream. */
    private static final EnumSet<CompatibilityFlags> FLAGS = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    private JsonPatch() {
    }

    /**
     * Applies the patch, operation by operation.
     *
     * @throws PatchException naming the operation index, its op and path, and the problem
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        validate(patch);
        JsonNode current = target == null ? JsonNodeFactory.instance.nullNode() : target;
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            ArrayNode single = JsonNodeFactory.instance.arrayNode().add(op);
            try {
                current = io.fabric8.zjsonpatch.JsonPatch.apply(single, current, FLAGS);
            } catch (JsonPatchException | IllegalArgumentException e) {
                throw new PatchException(describe(i, op) + ": " + e.getMessage(), e);
            }
        }
        return current == target ? target.deepCopy() : current;
    }

    /**
     * Checks the shape of a patch document: an array of at most {@link #MAX_OPERATIONS}
     * objects, each with a known "op", a string "path", "value" where the op needs one and a
     * string "from" for move and copy.
     */
    public static void validate(JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw new PatchException("a json patch must be a JSON array of operations");
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw new PatchException("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + patch.size());
        }
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            String where = "json patch operation " + i;
            if (!op.isObject()) {
                throw new PatchException(where + ": must be a JSON object");
            }
            JsonNode name = op.get("op");
            if (name == null || !name.isString()) {
                throw new PatchException(where + ": missing \"op\"");
            }
            if (!OPS.contains(name.stringValue())) {
                throw new PatchException(where + ": unknown op \"" + name.stringValue()
                        + "\" (expected add, remove, replace, move, copy or test)");
            }
            JsonNode path = op.get("path");
            if (path == null || !path.isString()) {
                throw new PatchException(where + " (" + name.stringValue() + "): missing \"path\"");
            }
            if (!path.stringValue().isEmpty() && !path.stringValue().startsWith("/")) {
                throw new PatchException(describe(i, op) + ": path must be empty or start with '/'");
            }
            switch (name.stringValue()) {
                case "add", "replace", "test" -> {
                    if (!op.has("value")) {
                        throw new PatchException(describe(i, op) + ": missing \"value\"");
                    }
                }
                case "move", "copy" -> {
                    JsonNode from = op.get("from");
                    if (from == null || !from.isString()) {
                        throw new PatchException(describe(i, op) + ": missing \"from\"");
                    }
                }
                default -> { }
            }
        }
    }

    private static String describe(int index, JsonNode op) {
        return "json patch operation " + index + " (" + op.path("op").asString("") + " "
                + op.path("path").asString("") + ")";
    }
}
