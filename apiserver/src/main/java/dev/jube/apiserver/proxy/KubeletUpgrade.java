package dev.jube.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A SPDY upgrade made by the API server itself on a kubelet connection, for the translating
 * handlers (WebSocket clients whose protocol the kubelet does not speak). Once the kubelet
 * answers 101, what it sends (raw bytes, or SPDY frames when a frame codec is given) is held until
 * {@link #attach} names where it goes.
 */
public final class KubeletUpgrade {

    /** The kubelet did not switch protocols: its status and message. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Channel channel;
    private final Holder holder;

    private KubeletUpgrade(Channel channel, Holder holder) {
        this.channel = channel;
        this.holder = holder;
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Sends the upgrade request on {@code kubelet} (a fresh connection from {@link KubeletClient})
     * and waits for the answer. {@code codec}, when not null, decodes what follows the 101.
     */
    public static KubeletUpgrade start(Channel kubelet, URI uri, String streamProtocol, ChannelHandler codec)
            throws IOException, InterruptedException {
        Holder holder = new Holder(codec);
        kubelet.eventLoop().submit(() -> {
            kubelet.pipeline().addLast("http", new HttpClientCodec());
            kubelet.pipeline().addLast("upgrade", holder);
        }).sync();
        kubelet.config().setAutoRead(true);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort());
        request.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
        request.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
        request.headers().set("X-Stream-Protocol-Version", streamProtocol);
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        kubelet.writeAndFlush(request);
        try {
            holder.result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            kubelet.close();
            if (e.getCause() instanceof Refused r) {
                throw r;
            }
            throw new IOException("upgrade request to the kubelet failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            kubelet.close();
            throw new IOException("the kubelet did not answer the upgrade request");
        }
        return new KubeletUpgrade(kubelet, holder);
    }

    /** From now on everything the kubelet sends goes to {@code sink} (first what was held). */
    public void attach(Consumer<Object> sink) {
        channel.eventLoop().execute(() -> holder.attach(sink));
    }

    private static final class Holder extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        private final ChannelHandler codec;
        private final Queue<Object> held = new ArrayDeque<>();
        private Consumer<Object> sink;
        private int refusedStatus;
        private final StringBuilder refusedBody = new StringBuilder();
        private boolean upgraded;

        Holder(ChannelHandler codec) {
            this.codec = codec;
        }

        void attach(Consumer<Object> s) {
            while (!held.isEmpty()) {
                s.accept(held.poll());
            }
            sink = s;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (upgraded) {
                if (msg instanceof LastHttpContent && !(msg instanceof ByteBuf)
                        && ((LastHttpContent) msg).content().readableBytes() == 0) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (sink != null) {
                    sink.accept(msg);
                } else {
                    held.add(msg);
                }
                return;
            }
            try {
                if (msg instanceof HttpResponse r) {
                    if (r.status().code() == 101) {
                        upgraded = true;
                        HttpClientCodec http = ctx.pipeline().get(HttpClientCodec.class);
                        http.removeOutboundHandler();
                        if (codec != null) {
                            ctx.pipeline().addBefore("upgrade", "codec", codec);
                        }
                        // Removed later: bytes it already holds come out as raw buffers first.
                        ctx.channel().eventLoop().execute(() -> ctx.pipeline().remove(http));
                        result.complete(null);
                        return;
                    }
                    refusedStatus = r.status().code();
                }
                if (msg instanceof HttpContent c) {
                    refusedBody.append(c.content().toString(StandardCharsets.UTF_8));
                    if (msg instanceof LastHttpContent) {
                        result.completeExceptionally(new Refused(refusedStatus, refusedBody.toString().trim()));
                    }
                }
            } finally {
                if (!upgraded || msg instanceof HttpResponse) {
                    ReferenceCountUtil.release(msg);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("the kubelet closed the connection"));
            if (sink != null) {
                sink.accept(Closed.INSTANCE);
            } else {
                held.add(Closed.INSTANCE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Delivered to the sink when the kubelet connection ends. */
    public enum Closed { INSTANCE }
}
