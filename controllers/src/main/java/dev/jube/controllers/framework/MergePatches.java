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

    /**
     * Patches {@code read}'s status from {@code readStatus} (its status as read) to {@code status};
     * returns the stored object, or {@code read} when they are equal. Only the statuses are
     * encoded, not the objects around them.
     */
    public static <T extends HasMetadata> T patchStatus(KubernetesClient client, T read, Object readStatus,
                                                        Object status) {
        JsonNode diff = JsonMergePatch.diff(tree(client, readStatus), tree(client, status));
        if (diff.isEmpty()) {
            return read;
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("uid", read.getMetadata().getUid());
        patch.set("status", diff);
        return client.resource(read).subresource("status").patch(MERGE, JSON.writeValueAsString(patch));
    }

    private static JsonNode tree(KubernetesClient client, Object status) {
        return status == null ? JSON.createObjectNode() : JSON.readTree(client.getKubernetesSerialization().asJson(status));
    }
}
