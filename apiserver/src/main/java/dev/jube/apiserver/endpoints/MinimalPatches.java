package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stand-in for the api library's patch engine, to be replaced: JSON patch (RFC 6902, zjsonpatch)
 * and JSON merge patch (RFC 7386). Strategic merge patch and server-side apply are refused.
 */
final class MinimalPatches implements PatchSupport {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    @Override
    public JsonNode apply(ResourceDescriptor descriptor, String contentType, JsonNode current, byte[] patch) {
        switch (contentType) {
            case JSON_PATCH -> {
                JsonNode ops = parse(patch);
                if (!ops.isArray()) {
                    throw new IllegalArgumentException("a JSON patch must be an array of operations");
                }
                try {
                    return JsonPatch.apply(ops, current);
                } catch (JsonPatchException e) {
                    throw new IllegalArgumentException("the JSON patch could not be applied: " + e.getMessage());
                }
            }
            case MERGE_PATCH -> {
                return merge(current, parse(patch));
            }
            case STRATEGIC_MERGE_PATCH -> throw new UnsupportedPatchException(
                    "strategic merge patch is not supported yet; use a JSON merge patch (application/merge-patch+json)"
                            + " or a JSON patch (application/json-patch+json)");
            case APPLY_PATCH -> throw new UnsupportedPatchException(
                    "server-side apply is not supported yet; use client-side apply or a JSON merge patch");
            default -> throw new UnsupportedPatchException("the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json");
        }
    }

    private static JsonNode parse(byte[] patch) {
        try {
            return Json.parse(patch);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the patch is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
