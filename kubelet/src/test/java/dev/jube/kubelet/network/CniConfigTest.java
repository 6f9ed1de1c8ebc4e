package dev.jube.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CniConfigTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void bridgeWithHostLocalAddressesOnThePodCidr() {
        JsonNode list = JSON.readTree(CniConfig.forPodCidr("10.244.3.0/24").toJson());
        assertThat(list.get("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(list.get("name").asString()).isEqualTo("jube");
        JsonNode bridge = list.get("plugins").get(0);
        assertThat(bridge.get("type").asString()).isEqualTo("bridge");
        assertThat(bridge.get("bridge").asString()).isEqualTo("jube0");
        assertThat(bridge.get("isGateway").asBoolean()).isTrue();
        assertThat(bridge.get("ipMasq").asBoolean()).isFalse();
        assertThat(bridge.get("hairpinMode").asBoolean()).isTrue();
        JsonNode ipam = bridge.get("ipam");
        assertThat(ipam.get("type").asString()).isEqualTo("host-local");
        JsonNode range = ipam.get("ranges").get(0).get(0);
        assertThat(range.get("subnet").asString()).isEqualTo("10.244.3.0/24");
        assertThat(range.get("gateway").asString()).isEqualTo("10.244.3.1");
        assertThat(ipam.get("routes").get(0).get("dst").asString()).isEqualTo("0.0.0.0/0");
        assertThat(ipam.has("dataDir")).isFalse();
        JsonNode portmap = list.get("plugins").get(1);
        assertThat(portmap.get("type").asString()).isEqualTo("portmap");
        assertThat(portmap.get("capabilities").get("portMappings").asBoolean()).isTrue();
        assertThat(list.get("plugins").size()).isEqualTo(2);
    }

    @Test
    void bridgeRoutesAndIpamFolderAreConfigurable(@TempDir Path dir) throws Exception {
        CniConfig c = CniConfig.forPodCidr("10.88.7.130/25").withBridge("jubetest1").withRoutes(List.of())
                .withIpamDataDir(dir.resolve("ipam"));
        assertThat(c.gateway()).isEqualTo("10.88.7.129");
        Path file = c.write(dir.resolve("net.d"));
        assertThat(file.getFileName().toString()).isEqualTo("10-jube.conflist");
        JsonNode bridge = JSON.readTree(Files.readString(file)).get("plugins").get(0);
        assertThat(bridge.get("bridge").asString()).isEqualTo("jubetest1");
        assertThat(bridge.get("ipam").get("ranges").get(0).get(0).get("subnet").asString())
                .isEqualTo("10.88.7.128/25");
        assertThat(bridge.get("ipam").get("routes").size()).isZero();
        assertThat(bridge.get("ipam").get("dataDir").asString()).isEqualTo(dir.resolve("ipam").toString());
        try (var files = Files.list(dir.resolve("net.d"))) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> CniConfig.forPodCidr("10.244.3.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CniConfig.forPodCidr("10.244.300.0/24"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CniConfig.forPodCidr("10.244.3.0/24").withBridge("a-very-long-bridge"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
    }

    @Test
    void cidrContainsItsAddressesOnly() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.244.3.0/24");
        assertThat(c.contains("10.244.3.77")).isTrue();
        assertThat(c.contains("10.244.4.1")).isFalse();
        assertThat(c.toString()).isEqualTo("10.244.3.0/24");
    }
}
