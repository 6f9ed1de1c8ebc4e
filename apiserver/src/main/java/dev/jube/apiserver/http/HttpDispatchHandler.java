package dev.jube.apiserver.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a Netty request into an {@link ApiRequest} and runs the handler on a virtual thread. */
final class HttpDispatchHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatchHandler.class);
    /** How long one frame may wait for a client that does not read before the stream is dropped. */
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final RequestHandler handler;
    private final ExecutorService threads;
    private final boolean http2;

    HttpDispatchHandler(RequestHandler handler, ExecutorService threads, boolean http2) {
        this.handler = handler;
        this.threads = threads;
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : msg.headers()) {
            headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b);
        }
        boolean websocket = !http2 && "websocket".equalsIgnoreCase(msg.headers().get(HttpHeaderNames.UPGRADE));
        Channel connection = http2 ? ctx.channel().parent() : ctx.channel();
        List<X509Certificate> certs = connection == null ? null : connection.attr(NettyServer.PEER_CERTS).get();
        ApiRequest request = new ApiRequest(msg.method().name(), uri.path(), uri.parameters(), headers,
                ByteBufUtil.getBytes(msg.content()), certs == null ? List.of() : certs, websocket);
        // Kept for the WebSocket handshake, which needs the original request line and headers.
        FullHttpRequest head = new DefaultFullHttpRequest(msg.protocolVersion(), msg.method(), msg.uri(),
                Unpooled.EMPTY_BUFFER, msg.headers().copy(), msg.trailingHeaders().copy());
        boolean keepAlive = http2 || HttpUtil.isKeepAlive(msg);
        NettyResponder responder = new NettyResponder(ctx, head, keepAlive);
        try {
            threads.execute(() -> {
                try {
                    handler.handle(request, responder);
                } catch (Throwable t) {
                    LOG.error("request {} {} failed", request.method(), request.path(), t);
                    if (!responder.started.get()) {
                        responder.send(500, "application/json", ("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred\","
                                + "\"reason\":\"InternalError\",\"code\":500}").getBytes());
                    } else {
                        ctx.close();
                    }
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error", cause);
        ctx.close();
    }

    /** The response side of one request. */
    private final class NettyResponder implements Responder {
        private final ChannelHandlerContext ctx;
        private final FullHttpRequest head;
        private final boolean keepAlive;
        final AtomicBoolean started = new AtomicBoolean();
        private final List<Map.Entry<String, String>> extraHeaders = new ArrayList<>();

        NettyResponder(ChannelHandlerContext ctx, FullHttpRequest head, boolean keepAlive) {
            this.ctx = ctx;
            this.head = head;
            this.keepAlive = keepAlive;
        }

        @Override
        public void header(String name, String value) {
            if (started.get()) {
                throw new IllegalStateException("response already started");
            }
            extraHeaders.add(Map.entry(name, value));
        }

        private void addExtraHeaders(HttpResponse response) {
            for (Map.Entry<String, String> h : extraHeaders) {
                response.headers().add(h.getKey(), h.getValue());
            }
        }

        @Override
        public void send(int status, String contentType, byte[] body) {
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("response already started");
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            addExtraHeaders(response);
            if (contentType != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (!http2 && !keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ChannelFuture f = ctx.writeAndFlush(response);
            if (!http2 && !keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public EventStream stream(int status, String contentType) {
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("response already started");
            }
            if (!http2 && "websocket".equalsIgnoreCase(head.headers().get(HttpHeaderNames.UPGRADE))) {
                return webSocket();
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
            addExtraHeaders(response);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            if (!http2) {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
            ctx.writeAndFlush(response);
            return new ChunkedStream(ctx.channel(), keepAlive || http2);
        }

        @Override
        public boolean canTakeOver() {
            return !http2;
        }

        @Override
        public void takeOver(Channel upstream, byte[] requestHead) {
            if (http2 || !started.compareAndSet(false, true)) {
                throw new IllegalStateException("cannot take over this connection");
            }
            Channel client = ctx.channel();
            client.eventLoop().execute(() -> {
                // Only TLS stays: from here on the connection carries the upstream's bytes.
                for (Map.Entry<String, io.netty.channel.ChannelHandler> h : client.pipeline().toMap().entrySet()) {
                    if (!(h.getValue() instanceof io.netty.handler.ssl.SslHandler)) {
                        client.pipeline().remove(h.getValue());
                    }
                }
                client.pipeline().addLast(new RawRelay(upstream));
                upstream.pipeline().addLast(new RawRelay(client));
                upstream.writeAndFlush(Unpooled.wrappedBuffer(requestHead));
            });
        }

        @Override
        public Channel takeOverWebSocket(String subprotocol, io.netty.channel.ChannelHandler handler) {
            if (http2 || !started.compareAndSet(false, true)) {
                throw new IllegalStateException("cannot take over this connection");
            }
            String url = "wss://" + head.headers().get(HttpHeaderNames.HOST, "localhost") + head.uri();
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, subprotocol, false,
                    1 << 20).newHandshaker(head);
            if (handshaker == null) {
                throw new IllegalStateException("unsupported WebSocket version");
            }
            Channel ch = ctx.channel();
            ch.eventLoop().submit(() -> {
                ch.pipeline().remove(BodyLimitAggregator.class);
                ch.pipeline().remove(HttpDispatchHandler.this);
                ch.pipeline().addLast(handler);
            }).syncUninterruptibly();
            handshaker.handshake(ch, head).syncUninterruptibly();
            return ch;
        }

        private EventStream webSocket() {
            String url = "wss://" + head.headers().get(HttpHeaderNames.HOST, "localhost") + head.uri();
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false, 1 << 20)
                    .newHandshaker(head);
            Channel ch = ctx.channel();
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch);
                return new ChunkedStream(ch, false);
            }
            ch.pipeline().remove(BodyLimitAggregator.class);
            ch.pipeline().remove(HttpDispatchHandler.this);
            ch.pipeline().addLast(new WebSocketControlHandler(handshaker));
            handshaker.handshake(ch, head).syncUninterruptibly();
            return new WebSocketStream(ch, handshaker);
        }
    }

    /** Answers pings and closes, the only frames a watch client sends. */
    private static final class WebSocketControlHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WebSocketServerHandshaker handshaker;

        WebSocketControlHandler(WebSocketServerHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                handshaker.close(ctx.channel(), close.retain());
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            }
        }
    }

    /** Common close tracking of the two stream kinds. */
    private abstract static class ChannelStream implements EventStream {
        final Channel channel;
        final AtomicBoolean closed = new AtomicBoolean();
        private ChannelFuture last;

        ChannelStream(Channel channel) {
            this.channel = channel;
        }

        @Override
        public boolean isOpen() {
            return !closed.get() && channel.isActive();
        }

        @Override
        public void onClose(Runnable action) {
            channel.closeFuture().addListener(f -> action.run());
        }

        /** The transport's form of one frame. */
        abstract Object message(byte[] frame);

        @Override
        public boolean append(byte[] frame) {
            if (!isOpen()) {
                return false;
            }
            // Not awaited: a failed write closes the channel, which the next call sees.
            last = channel.write(message(frame));
            last.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            return true;
        }

        @Override
        public boolean flush() {
            if (!isOpen()) {
                return false;
            }
            channel.flush();
            // Waking the writer for every frame cost more than writing it: wait only when backed up.
            ChannelFuture f = last;
            return channel.isWritable() || f == null || await(f);
        }

        private boolean await(ChannelFuture f) {
            try {
                if (!f.await(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    channel.close();
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return f.isSuccess();
        }
    }

    private static final class ChunkedStream extends ChannelStream {
        private final boolean keepOpen;

        ChunkedStream(Channel channel, boolean keepOpen) {
            super(channel);
            this.keepOpen = keepOpen;
        }

        @Override
        Object message(byte[] frame) {
            return new DefaultHttpContent(Unpooled.wrappedBuffer(frame));
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true) && channel.isActive()) {
                ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                if (!keepOpen) {
                    f.addListener(ChannelFutureListener.CLOSE);
                }
            }
        }
    }

    private static final class WebSocketStream extends ChannelStream {
        private final WebSocketServerHandshaker handshaker;

        WebSocketStream(Channel channel, WebSocketServerHandshaker handshaker) {
            super(channel);
            this.handshaker = handshaker;
        }

        @Override
        Object message(byte[] frame) {
            // One event per message, without the newline that separates events on HTTP streams.
            int len = frame.length > 0 && frame[frame.length - 1] == '\n' ? frame.length - 1 : frame.length;
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(frame, 0, len));
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true) && channel.isActive()) {
                handshaker.close(channel, new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
