package dev.jube.apiserver.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens TLS connections to other servers (kubelets) that a client connection is then relayed
 * to with {@link Responder#takeOver}. Blocks the calling (virtual) thread until the TLS
 * handshake is done, so a failure can still be answered with a Status.
 */
public final class UpstreamConnection implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /** A connected, handshaken channel with auto-read off and only TLS in its pipeline. */
    public Channel open(String host, int port, SslContext ssl, Duration timeout)
            throws IOException, InterruptedException {
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                    }
                })
                .connect(host, port);
        if (!connect.await(timeout.toMillis()) || !connect.isSuccess()) {
            connect.channel().close();
            throw new IOException("dial tcp " + host + ":" + port + ": "
                    + (connect.cause() == null ? "i/o timeout" : connect.cause().getMessage()));
        }
        Channel ch = connect.channel();
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        // The handshake needs reads; auto-read is off until the relay takes over.
        ch.read();
        var handshake = tls.handshakeFuture();
        if (!handshake.await(timeout.toMillis()) || !handshake.isSuccess()) {
            ch.close();
            throw new IOException("tls handshake with " + host + ":" + port + " failed"
                    + (handshake.cause() == null ? "" : ": " + handshake.cause().getMessage()));
        }
        return ch;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
