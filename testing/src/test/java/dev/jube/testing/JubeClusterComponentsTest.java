package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Components the cluster cannot find fail the start with a message that says what is missing. */
class JubeClusterComponentsTest {

    @Test
    void missingComponentFailsWithItsName() {
        assertThatThrownBy(() -> JubeCluster.builder().component("no-such-thing", Map.of()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no component named no-such-thing on the classpath");
    }
}
