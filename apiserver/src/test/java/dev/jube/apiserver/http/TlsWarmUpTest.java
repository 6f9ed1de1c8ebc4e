package dev.jube.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.pki.ClusterPki;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsWarmUpTest {

    @TempDir
    Path dir;

    private SslContext server(ClientAuth clientAuth) throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        return SslContextBuilder.forServer(pki.server().key(), pki.server().certificate())
                .sslProvider(SslProvider.JDK).trustManager(pki.ca().certificate()).clientAuth(clientAuth).build();
    }

    @Test
    void handshakesWithTheServersOwnCertificate() throws Exception {
        assertThat(TlsWarmUp.handshake(server(ClientAuth.OPTIONAL))).isTrue();
    }

    @Test
    void reportsAHandshakeThatCannotFinish() throws Exception {
        // The throwaway client has no certificate to offer a server that demands one.
        assertThat(TlsWarmUp.handshake(server(ClientAuth.REQUIRE))).isFalse();
    }
}
