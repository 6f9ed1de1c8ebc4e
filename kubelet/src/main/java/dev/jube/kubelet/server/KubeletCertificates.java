package dev.jube.kubelet.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The kubelet server's TLS material: a self-signed serving certificate kept in the agent's folder
 * (as upstream's kubelet makes one when none is given) and the cluster CA, which client
 * certificates (the API server's) must chain to.
 */
public final class KubeletCertificates {

    private KubeletCertificates() {}

    public static KubeletTls load(Path dir, String nodeName, String nodeIp, X509Certificate clusterCa) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve("kubelet.crt");
            Path key = dir.resolve("kubelet.key");
            if (!Files.exists(cert) || !Files.exists(key)) {
                selfSign(nodeName, nodeIp, cert, key);
            }
            X509Certificate serving = parse(Files.readAllBytes(cert));
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getMimeDecoder().decode(pemBody(Files.readString(key)))));
            return new KubeletTls(List.of(serving), privateKey, clusterCa);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the kubelet's certificate in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the kubelet's certificate: " + e.getMessage(), e);
        }
    }

    private static void selfSign(String nodeName, String nodeIp, Path cert, Path key)
            throws GeneralSecurityException, IOException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = g.generateKeyPair();
        Instant now = Instant.now();
        List<String> ips = new LinkedHashSet<>(List.of(nodeIp, "127.0.0.1")).stream()
                .filter(ip -> ip.matches("[0-9.]+|[0-9a-fA-F:]+")).toList();
        byte[] der = SelfSignedCertificate.create(pair, new BigInteger(63, new SecureRandom()),
                nodeName + "@" + now.getEpochSecond(), List.of(nodeName, "localhost"), ips,
                now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(365)));
        Files.writeString(cert, pem("CERTIFICATE", der));
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    private static X509Certificate parse(byte[] pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String pemBody(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
