package dev.jube.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentSerializationTest {

    private final KubernetesSerialization serialization = AgentSerialization.create();

    /** Informers read watch events, whose object is typed by its kind: the agent's kinds must map. */
    @ParameterizedTest
    @CsvSource({"v1, Pod", "v1, Node", "coordination.k8s.io/v1, Lease", "v1, ConfigMap", "v1, Secret"})
    void watchEventsOfTheAgentsKindsCarryTypedObjects(String apiVersion, String kind) {
        WatchEvent event = serialization.unmarshal("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"" + apiVersion
                + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"x\"}}}", WatchEvent.class);

        assertThat(event.getObject()).isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(event.getObject().getClass().getSimpleName()).isEqualTo(kind);
    }

    @Test
    void typedReadsNeedNoRegistration() {
        Pod pod = serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"nodeName\":\"n\"}}", Pod.class);
        Node node = serialization.unmarshal("{\"metadata\":{\"name\":\"n\"}}", Node.class);
        Lease lease = serialization.unmarshal("{\"spec\":{\"holderIdentity\":\"n\"}}", Lease.class);

        assertThat(pod.getSpec().getNodeName()).isEqualTo("n");
        assertThat(node.getMetadata().getName()).isEqualTo("n");
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("n");
    }

    /** A kind the agent never reads stays generic rather than loading every model class to find it. */
    @Test
    void otherKindsStayGeneric() {
        WatchEvent event = serialization.unmarshal("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"}}}", WatchEvent.class);

        assertThat(event.getObject()).isInstanceOf(GenericKubernetesResource.class);
    }
}
