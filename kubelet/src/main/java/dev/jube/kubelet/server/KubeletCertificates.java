package dev.jube.kubelet.server;

import dev.jube.kubelet.api.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
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
            return new KubeletTls(List.of(Pem.certificate(Files.readAllBytes(cert))),
                    Pem.privateKey(Files.readAllBytes(key)), clusterCa);
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
        Files.writeString(cert, Pem.encode("CERTIFICATE", der));
        Files.writeString(key, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }
}
