package dev.jube.scheduler.plugins;

import static dev.jube.scheduler.Objects.node;
import static dev.jube.scheduler.Objects.nodeInfo;
import static dev.jube.scheduler.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class NodePortsTest {

    private final NodePorts plugin = new NodePorts();

    private static Pod withPort(String name, String ip, String protocol, int port) {
        return pod(name, null, null).editSpec().editFirstContainer().addToPorts(new ContainerPortBuilder()
                .withContainerPort(80).withHostPort(port).withHostIP(ip).withProtocol(protocol).build())
                .endContainer().endSpec().build();
    }

    private boolean fits(Pod incoming, Pod existing) {
        NodeInfo n = nodeInfo(node("n", "1", "1Gi").build(), existing);
        CycleState s = new CycleState();
        PodInfo p = new PodInfo(incoming);
        if (plugin.preFilter(s, p, null).status().isSkip()) {
            return true;
        }
        Status st = plugin.filter(s, p, n);
        if (!st.isSuccess()) {
            assertThat(st.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
        }
        return st.isSuccess();
    }

    @Test
    void sameProtocolAndPortConflict() {
        assertThat(fits(withPort("a", null, "TCP", 8080), withPort("b", null, null, 8080))).isFalse();
        assertThat(fits(withPort("a", null, "UDP", 8080), withPort("b", null, "TCP", 8080))).isTrue();
        assertThat(fits(withPort("a", null, "TCP", 8081), withPort("b", null, "TCP", 8080))).isTrue();
    }

    @Test
    void hostIpsOverlapWhenEqualOrEitherIsAny() {
        assertThat(fits(withPort("a", "10.0.0.1", "TCP", 80), withPort("b", "10.0.0.2", "TCP", 80))).isTrue();
        assertThat(fits(withPort("a", "10.0.0.1", "TCP", 80), withPort("b", "10.0.0.1", "TCP", 80))).isFalse();
        assertThat(fits(withPort("a", "10.0.0.1", "TCP", 80), withPort("b", "0.0.0.0", "TCP", 80))).isFalse();
        assertThat(fits(withPort("a", null, "TCP", 80), withPort("b", "10.0.0.1", "TCP", 80))).isFalse();
    }

    @Test
    void podsWithoutHostPortsSkipTheCheck() {
        assertThat(plugin.preFilter(new CycleState(), new PodInfo(pod("a", null, null).build()), null).status().isSkip())
                .isTrue();
    }

    @Test
    void removingAPodFreesItsPorts() {
        Pod existing = withPort("b", null, "TCP", 80);
        NodeInfo n = nodeInfo(node("n", "1", "1Gi").build(), existing);
        assertThat(n.usedPorts().isEmpty()).isFalse();
        n.removePod(existing.getMetadata().getUid());
        assertThat(n.usedPorts().isEmpty()).isTrue();
    }
}
