package dev.jube.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

    @Test
    void theJdkReadsAndVerifiesWhatWeWrite() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        Instant from = Instant.parse("2026-11-24T00:00:00Z");
        Instant until = Instant.parse("2051-01-02T03:04:05Z"); // past 2049: GeneralizedTime
        byte[] der = SelfSignedCertificate.create(keys, BigInteger.valueOf(0x1234_5678_9abcL), "node-a@1",
                List.of("node-a", "localhost"), List.of("10.0.0.7", "::1"), from, until);

        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        c.verify(keys.getPublic());
        assertThat(c.getVersion()).isEqualTo(3);
        assertThat(c.getSerialNumber()).isEqualTo(BigInteger.valueOf(0x1234_5678_9abcL));
        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=node-a@1");
        assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
        assertThat(c.getNotBefore().toInstant()).isEqualTo(from);
        assertThat(c.getNotAfter().toInstant()).isEqualTo(until.truncatedTo(ChronoUnit.SECONDS));
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                .containsExactly("node-a", "localhost", "10.0.0.7", "0:0:0:0:0:0:0:1");
    }
}
