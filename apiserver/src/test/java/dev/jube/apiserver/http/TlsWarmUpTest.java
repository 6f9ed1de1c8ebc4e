package dev.jube.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.pki.ClusterPki;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void handshakesWithTheServersOwnCertificate() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        ServerTls tls = ServerTls.create(pki.server().key(), List.of(pki.server().certificate()), pki.ca().certificate());
        assertThat(TlsWarmUp.handshake(tls)).isTrue();
    }

    @Test
    void reportsAHandshakeThatCannotFinish() throws Exception {
        // A key that is not the certificate's: the client rejects the server's signature.
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ServerTls wrong = ServerTls.create(g.generateKeyPair().getPrivate(), List.of(pki.server().certificate()),
                pki.ca().certificate());
        assertThat(TlsWarmUp.handshake(wrong)).isFalse();
    }
}
