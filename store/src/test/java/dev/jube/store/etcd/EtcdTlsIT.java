package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.store.StoreUnavailableException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import dev.jube.store.StoreException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd serving clients over TLS and requiring client certificates. */
class EtcdTlsIT {

    @TempDir
    static Path dir;
    static TestPki pki;
    static EtcdProcess etcd;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir.resolve("pki"));
        etcd = EtcdProcess.start(dir.resolve("etcd"), pki.serverTls());
    }

    @AfterAll
    static void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void clientCertificateConnects() {
        assertThat(etcd.clientUrl().getScheme()).isEqualTo("https");
        EtcdStore.Options options = EtcdStore.Options.of(etcd.clientUrl().toString())
                .withKeyPrefix("/tls/")
                .withTls(pki.caCert(), pki.clientCert(), pki.clientKey());
        try (EtcdStore store = EtcdStore.connect(options)) {
            List<WatchEvent> events = new CopyOnWriteArrayList<>();
            store.watch(WatchRequest.prefix("k"), new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> batch) {
                    events.addAll(batch);
                }

                @Override
                public void onError(StoreException error) {}
            });
            long r = store.put("k", "secret".getBytes(UTF_8));
            assertThat(store.get("k").valueAsString()).isEqualTo("secret");
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
            assertThat(events.getFirst().revision()).isEqualTo(r);
        }
    }

    @Test
    void withoutAClientCertificateEtcdRefuses() {
        EtcdStore.Options options = EtcdStore.Options.of(etcd.clientUrl().toString())
                .withTls(pki.caCert(), null, null)
                .withRequestTimeout(Duration.ofSeconds(3));
        try (EtcdStore store = EtcdStore.connect(options)) {
            assertThatThrownBy(store::currentRevision).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void plainHttpToATlsEtcdFails() {
        URI plain = URI.create("http://127.0.0.1:" + etcd.clientUrl().getPort());
        EtcdStore.Options options = EtcdStore.Options.of(plain.toString()).withRequestTimeout(Duration.ofSeconds(3));
        try (EtcdStore store = EtcdStore.connect(options)) {
            assertThatThrownBy(store::currentRevision).isInstanceOf(StoreUnavailableException.class);
        }
    }
}
