package dev.jube.kubelet.api;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * SEC1 EC keys as PKCS#8, which the JDK reads. A class of its own so that only a SEC1 key loads
 * Bouncy Castle: `jube agent` (a token, its own PKCS#8 key) runs from a jar without it.
 */
final class Sec1Keys {

    private Sec1Keys() {}

    static byte[] toPkcs8(byte[] sec1Der) throws GeneralSecurityException {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1Der);
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    sec1.getParametersObject()), sec1).getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("not a SEC1 EC private key: " + e.getMessage(), e);
        }
    }
}
