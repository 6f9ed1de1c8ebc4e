package dev.jube.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EndpointsTruncationTest {

    static List<EndpointAddress> addresses(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new EndpointAddressBuilder().withIp(prefix + i).build()).toList();
    }

    static int count(List<EndpointSubset> subsets, boolean ready) {
        return subsets.stream().mapToInt(s -> {
            List<EndpointAddress> a = ready ? s.getAddresses() : s.getNotReadyAddresses();
            return a == null ? 0 : a.size();
        }).sum();
    }

    @Test
    void smallSubsetsAreLeftAlone() {
        List<EndpointSubset> subsets = new ArrayList<>(List.of(new EndpointSubsetBuilder()
                .withAddresses(addresses("10.0.0.", 3)).build()));
        assertThat(EndpointsController.truncate(subsets, 5)).isFalse();
        assertThat(count(subsets, true)).isEqualTo(3);
    }

    @Test
    void readyAddressesAreKeptBeforeNotReadyOnes() {
        List<EndpointSubset> subsets = new ArrayList<>(List.of(
                new EndpointSubsetBuilder().withAddresses(addresses("10.0.0.", 4))
                        .withNotReadyAddresses(addresses("10.0.1.", 4)).build(),
                new EndpointSubsetBuilder().withAddresses(addresses("10.0.2.", 2))
                        .withNotReadyAddresses(addresses("10.0.3.", 2)).build()));
        assertThat(EndpointsController.truncate(subsets, 8)).isTrue();
        assertThat(count(subsets, true)).isEqualTo(6);
        assertThat(count(subsets, false)).isEqualTo(2);
        assertThat(EndpointsController.truncate(subsets, 4)).isTrue();
        assertThat(count(subsets, true)).isEqualTo(4);
        assertThat(count(subsets, false)).isZero();
    }
}
