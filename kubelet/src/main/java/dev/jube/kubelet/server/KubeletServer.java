package dev.jube.kubelet.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The kubelet's HTTPS server, which the API server calls for {@code pods/log}, {@code exec},
 * {@code attach} and {@code portforward}: {@code /containerLogs/NS/POD/CONTAINER},
 * {@code /exec/NS/POD/CONTAINER}, {@code /attach/NS/POD/CONTAINER}, {@code /portForward/NS/POD}
 * and {@code /healthz}. Every caller must present a client certificate signed by the cluster CA.
 * Exec, attach and port-forward are handed to the runtime's streaming server, byte for byte.
 */
public final class KubeletServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel serverChannel;

    private KubeletServer(String bindAddress, int port, SslContext ssl, StreamingRuntime runtime)
            throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(1 << 20));
                        ch.pipeline().addLast(new KubeletRequestHandler(runtime, requestThreads));
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdown();
            throw e;
        }
    }

    /** Binds ({@code port} 0 picks a free one) and starts serving. */
    public static KubeletServer start(String bindAddress, int port, KubeletTls tls, StreamingRuntime runtime)
            throws InterruptedException, SSLException {
        return new KubeletServer(bindAddress, port, new JdkSslContext(jdkContext(tls), false, ClientAuth.REQUIRE),
                runtime);
    }

    /**
     * The JDK's TLS context over our key and the cluster CA. Built here rather than by Netty's
     * SslContextBuilder, which instantiates the Bouncy Castle provider whenever it is on the class
     * path: hundreds of classes and their tables the node agent would carry for nothing.
     */
    private static SSLContext jdkContext(KubeletTls tls) throws SSLException {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("kubelet", tls.servingKey(), password, tls.servingChain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("cluster-ca", tls.clientCa());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot build the kubelet's TLS context: " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown();
        requestThreads.shutdownNow();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
