package dev.jube.kubelet.api;

import java.io.IOException;
import dev.jube.kubelet.model.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the agent's API server is and how to reach it: TLS that trusts the cluster CA (with the
 * agent's client certificate, when it has one) and a bearer token otherwise.
 *
 * @param ca    the cluster CA, which also signs the API server's client certificate to the kubelet
 * @param token a bearer token, or null when the TLS context carries a client certificate
 */
public record ApiEndpoint(URI url, SSLContext tls, X509Certificate ca, String token) {

    /** An endpoint authenticated by a bearer token, trusting only the cluster CA. */
    public static ApiEndpoint withToken(URI url, X509Certificate ca, String token) {
        return new ApiEndpoint(url, tls(url, ca, null), ca, token);
    }

    /** An endpoint authenticated by a client certificate (PEM) and its key (PKCS#8, or SEC1 for EC). */
    public static ApiEndpoint withClientCertificate(URI url, X509Certificate ca, byte[] certificatePem,
            byte[] keyPem) {
        try {
            X509Certificate cert = Pem.certificate(certificatePem);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", Pem.privateKey(keyPem), new char[0], new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            return new ApiEndpoint(url, tls(url, ca, kmf.getKeyManagers()), ca, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the client certificate for " + url + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The endpoint of a kubeconfig's current context: the server, its CA, and the user's client
     * certificate or token, each inline ({@code *-data}) or as a file.
     */
    public static ApiEndpoint fromKubeconfig(String yaml) {
        Map<String, Object> config = Json.parseYamlObject(yaml);
        String current = String.valueOf(config.get("current-context"));
        Map<String, Object> context = named(config, "contexts", current, "context");
        Map<String, Object> cluster = named(config, "clusters", String.valueOf(context.get("cluster")), "cluster");
        Map<String, Object> user = named(config, "users", String.valueOf(context.get("user")), "user");
        try {
            URI url = URI.create(String.valueOf(cluster.get("server")));
            X509Certificate ca = Pem.certificate(bytes(cluster, "certificate-authority"));
            if (user.get("token") != null) {
                return withToken(url, ca, user.get("token").toString());
            }
            return withClientCertificate(url, ca, bytes(user, "client-certificate"), bytes(user, "client-key"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the kubeconfig's credentials are unusable: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> named(Map<String, Object> config, String list, String name, String field) {
        if (config.get(list) instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m && name.equals(m.get("name")) && m.get(field) instanceof Map<?, ?> v) {
                    return Resource.map(v);
                }
            }
        }
        throw new IllegalArgumentException("the kubeconfig has no " + field + " named \"" + name + "\"");
    }

    private static byte[] bytes(Map<String, Object> section, String key) throws IOException {
        Object data = section.get(key + "-data");
        if (data != null) {
            return Base64.getDecoder().decode(data.toString());
        }
        Object file = section.get(key);
        if (file == null) {
            throw new IOException("no " + key + " or " + key + "-data");
        }
        return Files.readAllBytes(Path.of(file.toString()));
    }

    private static SSLContext tls(URI url, X509Certificate ca, KeyManager[] keys) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for " + url + ": " + e.getMessage(), e);
        }
    }
}
