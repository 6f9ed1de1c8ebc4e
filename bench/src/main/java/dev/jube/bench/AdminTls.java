package dev.jube.bench;

import dev.jube.apiserver.pki.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the cluster admin, read from a data folder's {@code pki/} files (CA,
 * admin certificate and key), as any client holding those files would build it.
 */
final class AdminTls {

    private AdminTls() {}

    /** Fails while the server has not written its certificates yet. */
    static SSLContext load(Path dataDir) throws IOException, GeneralSecurityException {
        Path pki = dataDir.resolve("pki");
        Certificate ca = Pem.readCertificate(pki.resolve("ca.crt"));
        Certificate admin = Pem.readCertificate(pki.resolve("admin.crt"));
        PrivateKey key = Pem.readPrivateKey(pki.resolve("admin.key"));

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("admin", key, new char[0], new Certificate[] {admin});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
