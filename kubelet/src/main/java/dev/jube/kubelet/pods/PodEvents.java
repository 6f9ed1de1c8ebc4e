package dev.jube.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** core/v1 Events about pods, from component "kubelet" on this node, so `kubectl describe` tells the story. */
public final class PodEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);

    private final KubernetesClient client;
    private final String node;

    public PodEvents(KubernetesClient client, String node) {
        this.client = client;
        this.node = node;
    }

    public void normal(Pod pod, String reason, String message) {
        record(pod, null, "Normal", reason, message);
    }

    public void normal(Pod pod, String reason, String message, Container c) {
        record(pod, c, "Normal", reason, message);
    }

    public void warning(Pod pod, String reason, String message) {
        record(pod, null, "Warning", reason, message);
    }

    public void warning(Pod pod, String reason, String message, Container c) {
        record(pod, c, "Warning", reason, message);
    }

    private void record(Pod pod, Container c, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName() + "." + UUID.randomUUID().toString()
                            .replace("-", "").substring(0, 16)).withNamespace(pod.getMetadata().getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withApiVersion("v1")
                    .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid())
                    .withFieldPath(c == null ? null : "spec.containers{" + c.getName() + "}").endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent("kubelet").withHost(node).endSource()
                    .withReportingComponent("kubelet").withReportingInstance(node)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.debug("cannot record event {} for pod {}: {}", reason, pod.getMetadata().getName(), e.getMessage());
        }
    }
}
