package dev.jube.kubelet.server;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The kubelet server's TLS material: its serving certificate chain and key, and the CA whose
 * client certificates it accepts (the cluster CA, which signs the API server's kubelet client).
 */
public record KubeletTls(List<X509Certificate> servingChain, PrivateKey servingKey, X509Certificate clientCa) {

    public KubeletTls {
        servingChain = List.copyOf(servingChain);
        Objects.requireNonNull(servingKey, "servingKey");
        Objects.requireNonNull(clientCa, "clientCa");
    }
}
