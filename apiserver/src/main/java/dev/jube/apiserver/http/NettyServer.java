package dev.jube.apiserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener: TLS with ALPN choosing HTTP/2 or HTTP/1.1, both ending in the same
 * request dispatcher, which runs every request on its own virtual thread.
 */
public final class NettyServer implements AutoCloseable {

    /** The TLS client certificate chain of a connection, set when the handshake completes. */
    static final AttributeKey<List<X509Certificate>> PEER_CERTS = AttributeKey.valueOf("jube.peerCerts");
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel serverChannel;
    private final int maxBodyBytes;

    private NettyServer(String bindAddress, int port, ServerTls tls, RequestHandler handler, int maxBodyBytes)
            throws InterruptedException {
        this.maxBodyBytes = maxBodyBytes;
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls == null) {
                            addHttp1(ch.pipeline(), handler);
                            return;
                        }
                        ch.pipeline().addLast(new SslHandler(tls.newEngine()));
                        ch.pipeline().addLast(new PeerCertificateCapture());
                        ch.pipeline().addLast(new ProtocolSelector(handler));
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
    }

    /** Binds and starts serving; {@code tls} null serves plain HTTP/1.1 (for embedding behind TLS elsewhere). */
    public static NettyServer start(String bindAddress, int port, ServerTls tls, RequestHandler handler,
                                    int maxBodyBytes) throws InterruptedException {
        return new NettyServer(bindAddress, port, tls, handler, maxBodyBytes);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    private void addHttp1(ChannelPipeline p, RequestHandler handler) {
        p.addLast(new HttpServerCodec(65536, 65536, 65536));
        p.addLast(new BodyLimitAggregator(maxBodyBytes, false));
        p.addLast(new HttpDispatchHandler(handler, requestThreads, false));
    }

    /**
     * Completes the pipeline once the handshake has chosen a protocol by ALPN: HTTP/2 when the
     * client offered it, HTTP/1.1 otherwise. Requests that arrive before that are held, then passed on.
     */
    private final class ProtocolSelector extends ChannelInboundHandlerAdapter {
        private final RequestHandler handler;
        private final List<Object> early = new ArrayList<>();

        ProtocolSelector(RequestHandler handler) {
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            early.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    LOG.debug("TLS handshake from {} failed: {}", ctx.channel().remoteAddress(),
                            done.cause() == null ? "" : done.cause().getMessage());
                    ctx.close();
                } else {
                    String protocol = ctx.pipeline().get(SslHandler.class).engine().getApplicationProtocol();
                    configurePipeline(ctx, protocol == null || protocol.isEmpty()
                            ? ApplicationProtocolNames.HTTP_1_1 : protocol);
                    ctx.pipeline().remove(this);
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            for (Object msg : early) {
                ctx.fireChannelRead(msg);
            }
            if (!early.isEmpty()) {
                ctx.fireChannelReadComplete();
            }
            early.clear();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("connection from {} failed before its protocol was chosen: {}",
                    ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            for (Object msg : early) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            early.clear();
            super.channelInactive(ctx);
        }

        private void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(1000))
                        .build());
                ctx.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                        ch.pipeline().addLast(new BodyLimitAggregator(maxBodyBytes, true));
                        ch.pipeline().addLast(new HttpDispatchHandler(handler, requestThreads, true));
                    }
                }));
            } else {
                addHttp1(ctx.pipeline(), handler);
            }
        }
    }

    /** Remembers the verified client certificate chain (if any) on the connection. */
    private static final class PeerCertificateCapture extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                List<X509Certificate> chain = new ArrayList<>();
                try {
                    for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
                        if (c instanceof X509Certificate x) {
                            chain.add(x);
                        }
                    }
                } catch (SSLPeerUnverifiedException noClientCertificate) {
                    // Anonymous TLS client: authentication falls to tokens.
                }
                ctx.channel().attr(PEER_CERTS).set(List.copyOf(chain));
                ctx.pipeline().remove(this);
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdownGroups();
        requestThreads.shutdownNow();
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
