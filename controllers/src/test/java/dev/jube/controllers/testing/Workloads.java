package dev.jube.controllers.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Small builders and queries shared by controller tests. */
public final class Workloads {

    private Workloads() {}

    /** A pod template with one nginx container on node-1 (so the fake kubelet runs it). */
    public static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("web").withImage(image).endContainer()
                .endSpec().build();
    }

    /**
     * Runs a read-modify-write (e.g. fabric8's edit) again when a controller changed the object
     * in between, as any client of a busy object must.
     */
    public static <T> T retryOnConflict(java.util.function.Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    /** Pods in the namespace that are not being deleted. */
    public static List<Pod> activePods(KubernetesClient client, String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }
}
