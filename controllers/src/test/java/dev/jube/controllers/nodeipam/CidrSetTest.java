package dev.jube.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void handsOutBlocksInTurnAndSkipsOccupiedOnes() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.capacity()).isEqualTo(256);
        assertThat(set.occupy("10.42.1.0/24")).isTrue();
        assertThat(set.allocateNext()).isEqualTo("10.42.0.0/24");
        assertThat(set.allocateNext()).isEqualTo("10.42.2.0/24");
        set.release("10.42.0.0/24");
        // Released blocks come back only after the others have been handed out.
        assertThat(set.allocateNext()).isEqualTo("10.42.3.0/24");
    }

    @Test
    void runsOutAndRejectsBlocksOutsideTheRange() {
        CidrSet set = new CidrSet("192.168.0.0/23", 24);
        assertThat(set.allocateNext()).isEqualTo("192.168.0.0/24");
        assertThat(set.allocateNext()).isEqualTo("192.168.1.0/24");
        assertThat(set.allocateNext()).isNull();
        assertThat(set.occupy("10.0.0.0/24")).isFalse();
        assertThat(set.occupy("192.168.0.0/25")).isFalse();
        set.release("192.168.1.0/24");
        assertThat(set.allocateNext()).isEqualTo("192.168.1.0/24");
        assertThatThrownBy(() -> new CidrSet("10.0.0.0/24", 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
