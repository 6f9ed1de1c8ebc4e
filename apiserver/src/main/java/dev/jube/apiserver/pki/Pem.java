package dev.jube.apiserver.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * PEM files: certificates and private keys. EC keys are written as SEC1 "EC PRIVATE KEY" with the
 * curve named, as kubeadm writes them: the fabric8 client picks the key algorithm from that header,
 * and Go reads it. Other keys are PKCS#8. Both forms are read.
 */
public final class Pem {

    private static final String EC_TYPE = "EC PRIVATE KEY";

    private Pem() {}

    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static String certificate(X509Certificate cert) {
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("expected a PKCS#8 key, got " + key.getFormat());
        }
        if (key instanceof ECPrivateKey) {
            return encode(EC_TYPE, sec1(key));
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /** SEC1 ECPrivateKey with the curve's parameters, which PKCS#8's inner structure leaves out. */
    private static byte[] sec1(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            int bits = ((ECPrivateKey) key).getParams().getOrder().bitLength();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, inner.getKey(), inner.getPublicKey(),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode EC key", e);
        }
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        try {
            byte[] der = decode(Files.readString(file), "CERTIFICATE", file);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file);
        byte[] der;
        if (pem.contains("-----BEGIN " + EC_TYPE + "-----")) {
            try {
                var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(decode(pem, EC_TYPE, file));
                der = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                        sec1.getParametersObject()), sec1).getEncoded();
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": not a valid EC private key", e);
            }
        } else {
            der = decode(pem, "PRIVATE KEY", file);
        }
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // next algorithm
            }
        }
        throw new IOException(file + ": not a PKCS#8 EC or RSA private key");
    }

    /** An X.509 SubjectPublicKeyInfo ("PUBLIC KEY") of an EC or RSA key. */
    public static java.security.PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = decode(Files.readString(file), "PUBLIC KEY", file);
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new java.security.spec.X509EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // next algorithm
            }
        }
        throw new IOException(file + ": not an EC or RSA public key");
    }

    private static byte[] decode(String pem, String type, Path file) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + ": no " + type + " PEM block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + ": bad base64 in " + type + " PEM block", ex);
        }
    }

    /** Writes a file readable only by its owner (where the file system supports that). */
    public static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
