package dev.jube.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the cluster admin, read from a data folder's {@code pki/} files (CA,
 * admin certificate and PKCS#8 key), as any client holding those files would build it.
 */
final class AdminTls {

    private AdminTls() {}

    /** Fails while the server has not written its certificates yet. */
    static SSLContext load(Path dataDir) throws IOException, GeneralSecurityException {
        Path pki = dataDir.resolve("pki");
        Certificate ca = certificate(pki.resolve("ca.crt"));
        Certificate admin = certificate(pki.resolve("admin.crt"));
        PrivateKey key = privateKey(pki.resolve("admin.key"));

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

    private static Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemBlock(file, "CERTIFICATE")));
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der = pemBlock(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }

    private static byte[] pemBlock(Path file, String type) throws IOException {
        String pem = Files.readString(file);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + ": no complete " + type + " block (yet)");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }
}
