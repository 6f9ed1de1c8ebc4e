package dev.jube.controllers.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Ready nodes with room for pods, for tests that run the scheduler. */
public final class Nodes {

    private Nodes() {}

    public static Node createReady(KubernetesClient client, String name, Map<String, String> labels, Taint... taints) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints.length == 0 ? null : List.of(taints)).endSpec().build();
        client.nodes().resource(n).create();
        Map<String, Quantity> room = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
                "pods", new Quantity("110"));
        NodeStatus status = new NodeStatusBuilder().withAllocatable(room).withCapacity(room)
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build();
        return client.nodes().withName(name).editStatus(x -> {
            x.setStatus(status);
            return x;
        });
    }
}
