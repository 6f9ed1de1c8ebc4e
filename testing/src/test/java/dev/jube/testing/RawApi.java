package dev.jube.testing;

import dev.jube.apiserver.pki.ClusterPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTPS requests to a {@link JubeCluster} as the admin, for what a typed client would refuse to send. */
final class RawApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpClient http;
    private final String base;

    RawApi(JubeCluster cluster) {
        this.base = cluster.url();
        this.http = HttpClient.newBuilder().sslContext(adminTls(cluster.apiServer().pki()))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Reply send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
    }

    /** A request with a chosen Accept header, answering with the whole response (headers included). */
    HttpResponse<String> exchange(String method, String path, String accept, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext adminTls(ClusterPki pki) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", pki.admin().key(), new char[0], new Certificate[] {pki.admin().certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.ca().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the admin TLS context", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
