package dev.jube.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpPoolTest {

    @Test
    void handsOutEachHostAddressOnceAndReusesReleasedOnes() {
        PodIpPool pool = new PodIpPool(Ipv4.parseCidr("10.64.3.0/29"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            seen.add(pool.allocate());
        }
        assertThat(seen).containsExactlyInAnyOrder("10.64.3.2", "10.64.3.3", "10.64.3.4", "10.64.3.5", "10.64.3.6");
        assertThatThrownBy(pool::allocate).hasMessageContaining("10.64.3.0/29");
        pool.release("10.64.3.4");
        assertThat(pool.allocate()).isEqualTo("10.64.3.4");
    }

    @Test
    void nodeRangesAreCutFromTheClusterRangeWithoutOverlap() {
        HollowNodes.Config c = HollowNodes.Config.defaults(5000);
        assertThat(c.podCidr(0).toString()).isEqualTo("10.64.0.0/24");
        assertThat(c.podCidr(257).toString()).isEqualTo("10.65.1.0/24");
        assertThat(c.nodeIp(0)).isEqualTo("10.200.0.1");
        assertThat(c.zone(4)).isEqualTo("hollow-1b");
        assertThatThrownBy(() -> HollowNodes.Config.defaults(20000)).hasMessageContaining("podCidrRange");
    }

    @Test
    void badAddressesAreNamed() {
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0.1/24")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0/24")).hasMessageContaining("10.0.0");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0.0")).hasMessageContaining("CIDR");
    }

    @Test
    void qosClassFollowsRequestsAndLimits() {
        assertThat(PodStatuses.qosClass(pod(null, null))).isEqualTo("BestEffort");
        assertThat(PodStatuses.qosClass(pod("100m", null))).isEqualTo("Burstable");
        assertThat(PodStatuses.qosClass(pod(null, "1"))).isEqualTo("Guaranteed");
    }

    private static Pod pod(String cpuRequest, String limit) {
        var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder();
        if (cpuRequest != null) {
            resources.addToRequests("cpu", new Quantity(cpuRequest));
        }
        if (limit != null) {
            resources.addToLimits("cpu", new Quantity(limit)).addToLimits("memory", new Quantity(limit + "Gi"));
        }
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("i").withResources(resources.build()).endContainer().endSpec().build();
    }
}
