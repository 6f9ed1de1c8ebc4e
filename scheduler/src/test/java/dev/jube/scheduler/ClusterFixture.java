package dev.jube.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Cluster helpers: nodes registered as a kubelet does (object, then status), pods, events. */
final class ClusterFixture {

    private ClusterFixture() {}

    static Node createNode(KubernetesClient client, NodeBuilder b) {
        Node full = b.build();
        NodeStatus status = full.getStatus();
        full.setStatus(null);
        client.nodes().resource(full).create();
        return client.nodes().withName(full.getMetadata().getName()).editStatus(n -> {
            n.setStatus(status);
            return n;
        });
    }

    static Pod createPod(KubernetesClient client, Pod p) {
        Pod copy = new io.fabric8.kubernetes.api.model.PodBuilder(p).editMetadata().withUid(null).endMetadata().build();
        return client.pods().inNamespace(p.getMetadata().getNamespace()).resource(copy).create();
    }

    static String nodeOf(KubernetesClient client, String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null ? null : p.getSpec().getNodeName();
    }

    static List<Event> events(KubernetesClient client, String pod, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    static void deleteAll(KubernetesClient client) {
        for (Pod p : client.pods().inNamespace("default").list().getItems()) {
            client.pods().inNamespace("default").withName(p.getMetadata().getName()).withGracePeriod(0).delete();
        }
        for (Node n : client.nodes().list().getItems()) {
            client.nodes().withName(n.getMetadata().getName()).delete();
        }
        for (Event e : client.v1().events().inNamespace("default").list().getItems()) {
            client.v1().events().inNamespace("default").withName(e.getMetadata().getName()).delete();
        }
    }
}
