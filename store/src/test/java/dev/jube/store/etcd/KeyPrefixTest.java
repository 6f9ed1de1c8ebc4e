package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.store.Keys;
import io.etcd.jetcd.ByteSequence;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {

    @Test
    void keysGainAndLoseThePrefix() {
        KeyPrefix p = new KeyPrefix("/c1/");
        ByteSequence etcdKey = p.key("registry/pods/a");
        assertThat(etcdKey.toString(UTF_8)).isEqualTo("/c1/registry/pods/a");
        assertThat(p.strip(etcdKey)).isEqualTo("registry/pods/a");
    }

    @Test
    void theEndOfEverythingIsTheEndOfThePrefix() {
        assertThat(new KeyPrefix("/c1/").rangeEnd(Keys.ALL).toString(UTF_8)).isEqualTo("/c10");
        assertThat(new KeyPrefix("").rangeEnd(Keys.ALL).getBytes()).containsExactly(0);
        assertThat(new KeyPrefix("/c1/").rangeEnd("b").toString(UTF_8)).isEqualTo("/c1/b");
    }

    @Test
    void prefixEndSkipsTrailingFfBytes() {
        assertThat(KeyPrefix.prefixEnd(new byte[] {'a', (byte) 0xff})).containsExactly('b');
        assertThat(KeyPrefix.prefixEnd(new byte[] {(byte) 0xff, (byte) 0xff})).containsExactly(0);
        // Multi-byte UTF-8 prefixes are handled as bytes: 'é' is 0xC3 0xA9.
        assertThat(KeyPrefix.prefixEnd("é".getBytes(UTF_8))).containsExactly(0xC3, 0xAA);
    }

    @Test
    void aKeyOutsideThePrefixIsRejected() {
        KeyPrefix p = new KeyPrefix("/c1/");
        assertThatThrownBy(() -> p.strip(ByteSequence.from("/c2/x", UTF_8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside the prefix");
    }
}
