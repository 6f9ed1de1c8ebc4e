package dev.jube.kubelet.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hands a client connection over to the container runtime's streaming server: the client's
 * request (an upgrade to SPDY or WebSocket) goes to the runtime's URL with its upgrade headers,
 * and from then on the two connections are one byte stream, whatever the runtime answers.
 */
final class StreamProxy {

    /** Hop-by-hop or rewritten headers that are not copied to the runtime. */
    private static final Set<String> DROPPED = Set.of("host", "content-length", "transfer-encoding",
            "authorization", "x-forwarded-for");

    private StreamProxy() {
    }

    /** Takes over {@code client} (must be called on its event loop); the HTTP handlers are removed. */
    static void relay(Channel client, HttpRequest request, URI target) {
        ChannelPipeline p = client.pipeline();
        for (Map.Entry<String, ChannelHandler> h : p.toMap().entrySet()) {
            if (!(h.getValue() instanceof io.netty.handler.ssl.SslHandler)) {
                p.remove(h.getValue());
            }
        }
        client.config().setAutoRead(false);
        ChannelFuture connect = new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RawRelay(client));
                    }
                })
                .connect(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                // The HTTP codec is gone: the answer is written as bytes, and the connection ends.
                String body = "cannot reach the container runtime's streaming server\n";
                client.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body,
                        StandardCharsets.ISO_8859_1)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            Channel runtime = connect.channel();
            runtime.writeAndFlush(head(request, target)).addListener(w -> {
                if (w.isSuccess()) {
                    client.pipeline().addLast(new RawRelay(runtime));
                } else {
                    runtime.close();
                    client.close();
                }
            });
        });
    }

    private static ByteBuf head(HttpRequest request, URI target) {
        StringBuilder sb = new StringBuilder();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        sb.append(request.method().name()).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(target.getHost()).append(':').append(target.getPort()).append("\r\n");
        for (Map.Entry<String, String> h : request.headers()) {
            if (!DROPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        sb.append("\r\n");
        return Unpooled.copiedBuffer(sb, StandardCharsets.ISO_8859_1);
    }
}
