package dev.jube.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.apiserver.pki.ClusterPki;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server's pod log, exec and port-forward subresources through a kubelet server whose
 * runtime is a stand-in: a CRI log file on disk and a streaming server that answers the upgrade
 * and echoes bytes, so the whole relay path is exercised without containers.
 */
class KubeletServerTest {

    @TempDir
    static Path dir;

    static JubeCluster cluster;
    static KubeletServer kubelet;
    static ServerSocket streaming;
    static final List<String> runtimeCalls = new CopyOnWriteArrayList<>();
    static final List<String> streamingRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        streaming = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(KubeletServerTest::echoServer);
        Path log = dir.resolve("app.log");
        Files.writeString(log, """
                2026-01-01T10:00:00Z stdout F hello
                2026-01-01T10:00:01Z stderr P wor
                2026-01-01T10:00:02Z stderr F ld
                """);
        String url = "http://127.0.0.1:" + streaming.getLocalPort();
        StreamingRuntime runtime = new StreamingRuntime() {
            @Override
            public Optional<ContainerInstance> container(String ns, String pod, String container, boolean previous) {
                return ns.equals("default") && pod.equals("web") && container.equals("app") && !previous
                        ? Optional.of(new ContainerInstance("c1", log, false, 0)) : Optional.empty();
            }

            @Override
            public boolean running(String id) {
                return false;
            }

            @Override
            public String exec(String id, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                               boolean tty) {
                runtimeCalls.add("exec " + id + " " + command + " stdin=" + stdin + " tty=" + tty);
                return url + "/exec/token1";
            }

            @Override
            public String attach(String id, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
                return url + "/attach/token2";
            }

            @Override
            public Optional<String> sandbox(String ns, String pod) {
                return pod.equals("web") ? Optional.of("s1") : Optional.empty();
            }

            @Override
            public String portForward(String sandboxId, List<Integer> ports) {
                runtimeCalls.add("portForward " + sandboxId + " " + ports);
                return url + "/portforward/token3";
            }
        };
        ClusterPki pki = cluster.apiServer().pki();
        kubelet = KubeletServer.start("127.0.0.1", 0, KubeletTestSupport.tls(pki), runtime);
        KubernetesClient client = cluster.client();
        KubeletTestSupport.createNode(client, KubeletTestSupport.node("node-a", kubelet.port()));
        client.pods().inNamespace("default").resource(pod("web", "node-a", "app", "side")).create();
        client.pods().inNamespace("default").resource(pod("solo", "node-a", "app")).create();
        client.pods().inNamespace("default").resource(pod("pending", null, "app")).create();
    }

    @AfterAll
    static void stop() throws IOException {
        if (kubelet != null) {
            kubelet.close();
        }
        if (streaming != null) {
            streaming.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Pod pod(String name, String node, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeName(node).endSpec();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
        }
        return b.build();
    }

    /** Answers every request with 101 and then echoes what it reads. */
    static void echoServer() {
        while (!streaming.isClosed()) {
            try {
                Socket s = streaming.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        InputStream in = s.getInputStream();
                        String head = readHead(in);
                        streamingRequests.add(head);
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        byte[] buf = new byte[1024];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // Connection ended.
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void logsComeFromTheContainersLogFile() {
        var pods = cluster.client().pods().inNamespace("default");
        assertThat(pods.withName("web").inContainer("app").getLog()).isEqualTo("hello\nworld\n");
        assertThat(pods.withName("web").inContainer("app").tailingLines(1).getLog()).isEqualTo("world\n");
        assertThat(pods.withName("web").inContainer("app").usingTimestamps().getLog())
                .isEqualTo("2026-01-01T10:00:00Z hello\n2026-01-01T10:00:01Z world\n");
        // The only container is the default; the stand-in runtime has none for this pod.
        assertThatThrownBy(() -> pods.withName("solo").getLog())
                .hasMessageContaining("container \"app\" in pod \"solo\" not found");
        assertThat(pods.withName("pending").getLog()).isEqualTo("");
    }

    @Test
    void containerNamesAreValidatedWithUpstreamMessages() {
        var pods = cluster.client().pods().inNamespace("default");
        assertThatThrownBy(() -> pods.withName("web").inContainer("nope").getLog())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(400))
                .hasMessageContaining("container nope is not valid for pod web");
        assertThatThrownBy(() -> pods.withName("web").getLog())
                .hasMessageContaining("a container name must be specified for pod web, choose one of: [app side]");
        assertThatThrownBy(() -> pods.withName("missing").getLog())
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
    }

    @Test
    void execIsRelayedByteForByteToTheRuntimesStreamingServer() throws Exception {
        ClusterPki pki = cluster.apiServer().pki();
        URI api = URI.create(cluster.url());
        try (SSLSocket s = (SSLSocket) KubeletTestSupport.clientContext(pki, pki.admin()).getSocketFactory()
                .createSocket(api.getHost(), api.getPort())) {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/namespaces/default/pods/web/exec?container=app&command=sh&command=-c"
                    + "&command=echo%20hi&stdin=true&stdout=true HTTP/1.1\r\nHost: " + api.getAuthority()
                    + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                    + "X-Stream-Protocol-Version: v3.channel.k8s.io\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101 Switching Protocols");
            out.write("ping".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
        }
        assertThat(runtimeCalls).contains("exec c1 [sh, -c, echo hi] stdin=true tty=false");
        assertThat(streamingRequests).anySatisfy(head -> assertThat(head)
                .startsWith("POST /exec/token1 HTTP/1.1\r\n")
                .contains("x-stream-protocol-version: v4.channel.k8s.io\r\n")
                .contains("x-stream-protocol-version: v3.channel.k8s.io\r\n")
                .containsIgnoringCase("upgrade: SPDY/3.1"));
    }

    @Test
    void execWithoutUpgradeOrHostIsRefused() throws Exception {
        var pods = cluster.client().pods().inNamespace("default");
        assertThatThrownBy(() -> pods.withName("pending").redirectingInput().exec("true"))
                .rootCause().hasMessageContaining("400");
        assertThat(rawRequest("POST /api/v1/namespaces/default/pods/pending/exec?command=true HTTP/1.1\r\n"
                + "Connection: Upgrade, close\r\nUpgrade: SPDY/3.1\r\n"))
                .startsWith("HTTP/1.1 400").contains("pod pending does not have a host assigned");
        assertThat(rawRequest("POST /api/v1/namespaces/default/pods/web/exec?container=app&command=true HTTP/1.1\r\n"
                + "Connection: close\r\n"))
                .startsWith("HTTP/1.1 400").contains("Upgrade request required");
        assertThat(rawRequest("POST /api/v1/namespaces/default/pods/web/attach?container=other HTTP/1.1\r\n"
                + "Connection: Upgrade, close\r\nUpgrade: SPDY/3.1\r\n"))
                .startsWith("HTTP/1.1 400").contains("container other is not valid for pod web");
    }

    /** Sends a request head (request line and headers, without the blank line) and reads the whole answer. */
    static String rawRequest(String head) throws Exception {
        ClusterPki pki = cluster.apiServer().pki();
        URI api = URI.create(cluster.url());
        try (SSLSocket s = (SSLSocket) KubeletTestSupport.clientContext(pki, pki.admin()).getSocketFactory()
                .createSocket(api.getHost(), api.getPort())) {
            s.getOutputStream().write((head + "Host: " + api.getAuthority() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void kubeletRefusesCallersWithoutAClusterCertificate() throws Exception {
        ClusterPki pki = cluster.apiServer().pki();
        URI healthz = URI.create("https://127.0.0.1:" + kubelet.port() + "/healthz");
        try (HttpClient withCert = HttpClient.newBuilder()
                .sslContext(KubeletTestSupport.clientContext(pki, pki.kubeletClient())).build()) {
            assertThat(withCert.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).isEqualTo("ok\n");
        }
        try (HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(KubeletTestSupport.clientContext(pki, null)).build()) {
            assertThatThrownBy(() -> anonymous.send(HttpRequest.newBuilder(healthz).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }
}
