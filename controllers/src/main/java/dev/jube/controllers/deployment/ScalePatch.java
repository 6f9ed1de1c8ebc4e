package dev.jube.controllers.deployment;

import static dev.jube.controllers.deployment.DeploymentUtil.DESIRED_REPLICAS;
import static dev.jube.controllers.deployment.DeploymentUtil.MAX_REPLICAS;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The Deployment controller's write of a ReplicaSet's size and replicas annotations: a JSON patch
 * that first tests the uid and the generation the decision was made from.
 *
 * <p>A spec changed since the copy was read fails the test, as an update would fail with 409. A
 * status written meanwhile does not: every pod that starts changes the ReplicaSet's status, and an
 * update from the cached copy would fail then and run the whole sync again for nothing.
 */
final class ScalePatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

    private ScalePatch() {}

    /**
     * Sets spec.replicas and the desired- and max-replicas annotations of {@code read}; throws a
     * 409 KubernetesClientException when its spec changed since it was read.
     */
    static ReplicaSet write(KubernetesClient client, ReplicaSet read, int replicas, int desired, int max) {
        ArrayNode ops = JSON.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/uid").put("value", read.getMetadata().getUid());
        ops.addObject().put("op", "test").put("path", "/metadata/generation")
                .put("value", read.getMetadata().getGeneration());
        ops.addObject().put("op", "add").put("path", "/spec/replicas").put("value", replicas);
        if (read.getMetadata().getAnnotations() == null || read.getMetadata().getAnnotations().isEmpty()) {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations").putObject("value")
                    .put(DESIRED_REPLICAS, String.valueOf(desired)).put(MAX_REPLICAS, String.valueOf(max));
        } else {
            ops.addObject().put("op", "add").put("path", annotationPath(DESIRED_REPLICAS))
                    .put("value", String.valueOf(desired));
            ops.addObject().put("op", "add").put("path", annotationPath(MAX_REPLICAS)).put("value", String.valueOf(max));
        }
        try {
            // Through the copy as read: by name alone the client would GET the object first.
            return client.apps().replicaSets().inNamespace(read.getMetadata().getNamespace()).resource(read)
                    .patch(JSON_PATCH, ops.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422 && String.valueOf(e.getMessage()).contains("test")) {
                throw new KubernetesClientException("replica set " + read.getMetadata().getName()
                        + " changed since it was read", 409, e.getStatus());
            }
            throw e;
        }
    }

    private static String annotationPath(String key) {
        return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
    }
}
