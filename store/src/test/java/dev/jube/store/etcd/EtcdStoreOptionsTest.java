package dev.jube.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdStoreOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        EtcdStore.Options o = EtcdStore.Options.of("http://127.0.0.1:2379", " http://127.0.0.1:22379");
        assertThat(o.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"),
                URI.create("http://127.0.0.1:22379"));
        assertThat(o.keyPrefix()).isEmpty();
        assertThat(o.requestTimeout()).isPositive();
        assertThat(o.tls()).isFalse();
    }

    @Test
    void badEndpointsAreNamed() {
        assertThatThrownBy(() -> EtcdStore.Options.of()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> EtcdStore.Options.of("127.0.0.1:2379")).hasMessageContaining("127.0.0.1:2379");
        assertThatThrownBy(() -> EtcdStore.Options.of("unix:///run/etcd.sock")).hasMessageContaining("http://");
        assertThatThrownBy(() -> EtcdStore.Options.of("http://127.0.0.1")).hasMessageContaining("port");
        assertThatThrownBy(() -> EtcdStore.Options.of("http://127.0.0.1:1", "https://127.0.0.1:2"))
                .hasMessageContaining("mix");
    }

    @Test
    void tlsFilesMustBeConsistentAndReadable() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        Path cert = Files.writeString(dir.resolve("c.crt"), "x");
        EtcdStore.Options https = EtcdStore.Options.of("https://127.0.0.1:2379");
        assertThat(https.withTls(ca, null, null).tls()).isTrue();
        assertThatThrownBy(() -> https.withTls(ca, cert, null)).hasMessageContaining("both");
        assertThatThrownBy(() -> https.withTls(dir.resolve("missing.crt"), null, null))
                .hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> EtcdStore.Options.of("http://127.0.0.1:2379").withTls(ca, null, null))
                .hasMessageContaining("not https");
    }

    @Test
    void theTimeoutMustBePositive() {
        EtcdStore.Options o = EtcdStore.Options.of("http://127.0.0.1:2379");
        assertThatThrownBy(() -> o.withRequestTimeout(Duration.ZERO)).hasMessageContaining("positive");
        assertThat(new EtcdStore.Options(List.of(URI.create("http://h:1")), null, null, null, null, null).keyPrefix())
                .isEmpty();
    }
}
