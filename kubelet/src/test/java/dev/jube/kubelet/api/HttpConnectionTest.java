package dev.jube.kubelet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.server.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's HTTP/1.1 against a server that answers exactly as the test scripts it. */
class HttpConnectionTest {

    /** One answer per connection, then the server closes it, though it never said so. */
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private SSLServerSocket server;
    private ApiClient client;

    private ApiClient start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(SelfSignedCertificate.create(pair, BigInteger.ONE, "test", List.of("localhost"),
                        List.of("127.0.0.1"), Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600))));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pair.getPrivate(), new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
        client = new ApiClient(ApiEndpoint.withToken(URI.create("https://127.0.0.1:" + server.getLocalPort()), cert,
                "t0ken"));
        return client;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request's head; the test's requests have no body
                }
                OutputStream out = s.getOutputStream();
                out.write(answers.remove().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (Exception e) {
                // the test closed the server
            }
        }
    }

    private static String chunk(String data, String extension) {
        return Integer.toHexString(data.length()) + extension + "\r\n" + data + "\r\n";
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chunkedAndSizedAnswersAndAConnectionTheServerDroppedIsReplaced() throws Exception {
        ApiClient api = start();
        answers.add("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk("{\"data\":{\"k", ";ext=1") + chunk("\":\"v1\"}}", "") + "0\r\nTrailer: x\r\n\r\n");
        String sized = "{\"data\":{\"k\":\"v2\"}}";
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: " + sized.length() + "\r\n\r\n" + sized);
        ConfigMap first = api.configMaps().get("default", "c");
        assertThat(first.getData()).containsEntry("k", "v1");
        // The first connection went back to the pool, but the server closed it: the second read
        // fails on it and goes out again on a new connection.
        ConfigMap second = api.configMaps().get("default", "c");
        assertThat(second.getData()).containsEntry("k", "v2");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void errorsCarryTheStatusMessageAndAbsenceIsNull() throws Exception {
        ApiClient api = start();
        answers.add("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        String status = "{\"kind\":\"Status\",\"code\":409,\"message\":\"configmaps \\\"c\\\" already exists\"}";
        answers.add("HTTP/1.1 409 Conflict\r\nContent-Length: " + status.length() + "\r\n\r\n" + status);
        assertThat(api.configMaps().get("default", "c")).isNull();
        assertThatThrownBy(() -> api.configMaps().create(new ConfigMap(
                Json.parseObject("{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"}}"))))
                .isInstanceOf(ApiException.class).hasMessage("configmaps \"c\" already exists")
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(409));
        assertThat(connections.get()).isEqualTo(2);
    }
}
