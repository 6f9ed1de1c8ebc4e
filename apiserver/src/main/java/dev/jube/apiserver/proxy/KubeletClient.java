package dev.jube.apiserver.proxy;

import dev.jube.apiserver.http.UpstreamConnection;
import dev.jube.apiserver.pki.ClusterPki;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The API server's connections to kubelets, authenticated with the kubelet client certificate.
 * As upstream without {@code --kubelet-certificate-authority}, the kubelet's serving certificate
 * is not verified: kubelets commonly serve self-signed certificates.
 */
public final class KubeletClient implements AutoCloseable {

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterPki.Identity identity;
    private final UpstreamConnection connections = new UpstreamConnection();
    private Clients clients;

    /** The TLS set-up costs a noticeable part of the server's start, so it waits for the first use. */
    private record Clients(SslContext nettyTls, HttpClient http) {}

    public KubeletClient(ClusterPki.Identity identity) {
        this.identity = identity;
    }

    private synchronized Clients clients() throws IOException {
        if (clients == null) {
            try {
                SslContext nettyTls = SslContextBuilder.forClient()
                        .sslProvider(SslProvider.JDK)
                        .keyManager(identity.key(), identity.certificate())
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .build();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", identity.key(), new char[0], new Certificate[] {identity.certificate()});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                SSLContext jdkTls = SSLContext.getInstance("TLS");
                jdkTls.init(kmf.getKeyManagers(), new TrustManager[] {new AnyServer()}, new SecureRandom());
                clients = new Clients(nettyTls, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(jdkTls).connectTimeout(DIAL_TIMEOUT).build());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up the kubelet client: " + e.getMessage(), e);
            }
        }
        return clients;
    }

    /** A TLS connection to the kubelet, for a client connection to be relayed to. */
    public Channel connect(String host, int port) throws IOException, InterruptedException {
        return connections.open(host, port, clients().nettyTls(), DIAL_TIMEOUT);
    }

    /** A GET whose body is streamed (container logs). */
    public HttpResponse<InputStream> get(URI uri) throws IOException, InterruptedException {
        return clients().http().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public void close() {
        connections.close();
        synchronized (this) {
            if (clients != null) {
                clients.http().close();
            }
        }
    }

    /** Accepts any kubelet serving certificate, without a host name check (see the class comment). */
    private static final class AnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
