package dev.jube.controllers.framework;

import dev.jube.api.patch.JsonMergePatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A controller's status write as a JSON merge patch of the status subresource, from the copy it
 * read to the status it computed. A status update (PUT) carries the object's resourceVersion, so
 * it failed (409) whenever another controller had changed the spec or metadata since the copy
 * was read, although the status does not depend on that write. The object's uid goes with the
 * patch, so a status meant for an object that was deleted and created again is refused.
 *
 * <p>Spec and metadata writes stay updates: their decisions rest on the copy they read, and
 * the resourceVersion check is what stops a decision made from a stale copy.
 */
public final class MergePatches {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private MergePatches() {}

    /** Patches the status from {@code read}'s to {@code wanted}'s; returns the stored object, or {@code read} when equal. */
    public static <T extends HasMetadata> T patchStatus(KubernetesClient client, T read, T wanted) {
        JsonNode before = JSON.readTree(client.getKubernetesSerialization().asJson(read)).path("status");
        JsonNode after = JSON.readTree(client.getKubernetesSerialization().asJson(wanted)).path("status");
        JsonNode status = JsonMergePatch.diff(before.isObject() ? before : JSON.createObjectNode(),
                after.isObject() ? after : JSON.createObjectNode());
        if (status.isEmpty()) {
            return read;
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("uid", read.getMetadata().getUid());
        patch.set("status", status);
        return client.resource(read).subresource("status").patch(MERGE, JSON.writeValueAsString(patch));
    }
}
