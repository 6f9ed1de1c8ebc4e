package dev.jube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

    @TempDir
    Path dir;

    @Test
    void everyKeyIsP256AndWrittenAsSec1WithTheCurveNamed() throws IOException {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        for (ClusterPki.Identity id : List.of(pki.ca(), pki.server(), pki.admin(), pki.kubeletClient())) {
            assertThat(id.key()).isInstanceOf(ECPrivateKey.class);
            assertThat(((ECPrivateKey) id.key()).getParams().getOrder().bitLength()).isEqualTo(256);
        }
        assertThat(Files.readString(dir.resolve("admin.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");

        ClusterPki again = ClusterPki.loadOrCreate(dir, List.of());
        assertThat(secret(again.admin())).isEqualTo(secret(pki.admin()));
        assertThat(again.admin().certificate()).isEqualTo(pki.admin().certificate());
        assertThat(again.server().certificate()).isEqualTo(pki.server().certificate());
    }

    @Test
    void aKubeconfigKeyIsReadByFabric8AsAnEcKey() throws IOException {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        Path file = dir.resolve("kubeconfig");
        Kubeconfig.write(file, "https://127.0.0.1:6443", pki);
        Config config = Config.fromKubeconfig(Files.readString(file));
        // fabric8 chooses the key algorithm from the PEM header; a PKCS#8 block would be read as RSA.
        assertThat(config.getClientKeyAlgo()).isEqualTo("EC");
        assertThat(config.getClientKeyData()).isNotBlank();
    }

    @Test
    void keysWrittenAsPkcs8ByEarlierVersionsStillLoad() throws IOException {
        ClusterPki pki = ClusterPki.loadOrCreate(dir, List.of());
        Files.writeString(dir.resolve("apiserver.key"), Pem.encode("PRIVATE KEY", pki.server().key().getEncoded()));
        ClusterPki again = ClusterPki.loadOrCreate(dir, List.of());
        assertThat(secret(again.server())).isEqualTo(secret(pki.server()));
        assertThat(again.server().certificate()).isEqualTo(pki.server().certificate());
    }

    @Test
    void aDamagedKeyFileIsNamedInTheError() throws IOException {
        ClusterPki.loadOrCreate(dir, List.of());
        Files.writeString(dir.resolve("admin.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dir, List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("admin.key");
    }

    private static java.math.BigInteger secret(ClusterPki.Identity id) {
        return ((ECPrivateKey) id.key()).getS();
    }
}
