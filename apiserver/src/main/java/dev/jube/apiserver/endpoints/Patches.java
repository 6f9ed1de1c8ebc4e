package dev.jube.apiserver.endpoints;

import dev.jube.api.patch.BuiltinPatchSchema;
import dev.jube.api.patch.JsonMergePatch;
import dev.jube.api.patch.JsonPatch;
import dev.jube.api.patch.PatchException;
import dev.jube.api.patch.PatchSchema;
import dev.jube.api.patch.PatchStrategy;
import dev.jube.api.patch.StrategicMergePatch;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Applies PATCH bodies by content type, answering as upstream does: a body that is not JSON or
 * a malformed patch is 400, a JSON patch whose operations cannot be applied is 422, a type the
 * kind does not take is 415 listing the accepted ones (custom resources take no strategic merge
 * patch: they have no patch strategies). Apply patches are server-side apply's, not handled here.
 */
final class Patches {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Patches() {}

    /** Checks the content type before anything is read, so a refused type never touches storage. */
    static void checkSupported(ResourceDescriptor d, String contentType) {
        boolean ok = switch (contentType) {
            case JSON_PATCH, MERGE_PATCH, APPLY_PATCH -> true;
            case STRATEGIC_MERGE_PATCH -> schema(d).isPresent();
            default -> false;
        };
        if (!ok) {
            throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
                    + "accepted media types include: " + String.join(", ", accepted(d)));
        }
    }

    /** The patch types a kind accepts, in upstream's order. */
    static List<String> accepted(ResourceDescriptor d) {
        return schema(d).isPresent()
                ? List.of(JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH)
                : List.of(JSON_PATCH, MERGE_PATCH, APPLY_PATCH);
    }

    static JsonNode apply(ResourceDescriptor d, String contentType, JsonNode current, byte[] patch) {
        checkSupported(d, contentType);
        JsonNode doc = parse(patch);
        switch (contentType) {
            case JSON_PATCH -> {
                try {
                    JsonPatch.validate(doc);
                } catch (PatchException e) {
                    if (doc.isArray() && doc.size() > JsonPatch.MAX_OPERATIONS) {
                        throw ApiException.tooLarge(e.getMessage());
                    }
                    throw ApiException.badRequest(e.getMessage());
                }
                try {
                    return JsonPatch.apply(current, doc);
                } catch (PatchException e) {
                    throw new ApiException(422, "Invalid", e.getMessage(), null);
                }
            }
            case MERGE_PATCH -> {
                return JsonMergePatch.apply(current, doc);
            }
            default -> {
                try {
                    return StrategicMergePatch.apply(current, doc, schema(d).orElseThrow());
                } catch (PatchException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }
        }
    }

    private static JsonNode parse(byte[] patch) {
        try {
            return Json.parse(patch);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the patch is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The strategic merge schema of a kind: the recorded one for the common built-in kinds; for
     * other built-in kinds only ObjectMeta's strategies (their other fields have the defaults,
     * close enough for the kinds without merge-keyed lists); none for custom resources.
     */
    static Optional<PatchSchema> schema(ResourceDescriptor d) {
        Optional<PatchSchema> recorded = BuiltinPatchSchema.forKind(d.apiVersion(), d.kind());
        if (recorded.isPresent() || !d.builtin()) {
            return recorded;
        }
        PatchSchema meta = BuiltinPatchSchema.forType("ObjectMeta");
        return Optional.of(path -> !path.isEmpty() && path.get(0).equals("metadata")
                ? meta.strategy(path.subList(1, path.size())) : PatchStrategy.DEFAULT);
    }
}
