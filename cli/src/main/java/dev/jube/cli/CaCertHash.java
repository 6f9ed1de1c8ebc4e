package dev.jube.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** kubeadm's CA pin: {@code sha256:} and the hex SHA-256 of the CA's DER SubjectPublicKeyInfo. */
final class CaCertHash {

    private CaCertHash() {}

    static String of(X509Certificate ca) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code pin} (sha256:HEX, any case) names this CA. */
    static boolean matches(String pin, X509Certificate ca) {
        return of(ca).equalsIgnoreCase(pin.strip());
    }

    static boolean wellFormed(String pin) {
        return pin.matches("(?i)sha256:[0-9a-f]{64}");
    }
}
