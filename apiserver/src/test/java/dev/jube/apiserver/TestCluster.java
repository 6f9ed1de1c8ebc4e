package dev.jube.apiserver;

import dev.jube.apiserver.pki.ClusterPki;
import dev.jube.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An API server on the embedded store (in the test's temporary folder), with a fabric8 client and a
 * raw HTTPS client for tests.
 */
final class TestCluster implements AutoCloseable {

    final EmbeddedStore store;
    final ApiServer server;
    final KubernetesClient client;

    private TestCluster(Path dir, UnaryOperator<ApiServerConfig> customize) throws Exception {
        store = EmbeddedStore.open(dir.resolve("store"));
        ApiServerConfig config = ApiServerConfig.defaults(store, dir).withBindAddress("127.0.0.1").withPort(0);
        server = ApiServer.start(customize.apply(config));
        Config c = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        client = new KubernetesClientBuilder().withConfig(c).build();
    }

    static TestCluster start(Path dir) throws Exception {
        return new TestCluster(dir, UnaryOperator.identity());
    }

    static TestCluster start(Path dir, UnaryOperator<ApiServerConfig> customize) throws Exception {
        return new TestCluster(dir, customize);
    }

    /** A JDK HTTPS client that trusts the cluster CA and, when {@code asAdmin}, presents the admin certificate. */
    HttpClient http(boolean asAdmin) throws Exception {
        ClusterPki pki = server.pki();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (asAdmin) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", pki.admin().key(), new char[0],
                    new X509Certificate[] {pki.admin().certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends one request as the admin and returns the response. */
    HttpResponse<String> send(String method, String path, String contentType, String body, String accept)
            throws Exception {
        return send(http(true), method, path, contentType, body, accept);
    }

    HttpResponse<String> send(HttpClient http, String method, String path, String contentType, String body,
                              String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
    }
}
