package dev.jube.apiserver.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The key pair that signs service account tokens: {@code sa.key} and {@code sa.pub} next to the
 * cluster certificates (the names kubeadm uses). Created at first start, reused afterwards, so
 * tokens stay valid across restarts. An EC P-256 key: tokens are ES256 JSON Web Tokens.
 */
public record ServiceAccountKey(ECPrivateKey privateKey, ECPublicKey publicKey) {

    public static ServiceAccountKey loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve("sa.key");
        Path pub = dir.resolve("sa.pub");
        if (Files.exists(key) && Files.exists(pub)
                && Pem.readPrivateKey(key) instanceof ECPrivateKey priv
                && Pem.readPublicKey(pub) instanceof ECPublicKey p) {
            return new ServiceAccountKey(priv, p);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            Files.writeString(pub, Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()));
            Pem.writePrivate(key, Pem.privateKey(kp.getPrivate()));
            return new ServiceAccountKey((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the service account signing key: " + e.getMessage(), e);
        }
    }
}
