package dev.jube.kubelet.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes one kubelet request; runtime calls and log reads run on a virtual thread. */
final class KubeletRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletRequestHandler.class);

    private final StreamingRuntime runtime;
    private final ExecutorService threads;

    KubeletRequestHandler(StreamingRuntime runtime, ExecutorService threads) {
        this.runtime = runtime;
        this.threads = threads;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        HttpRequest head = new DefaultHttpRequest(msg.protocolVersion(), msg.method(), msg.uri(), msg.headers().copy());
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        try {
            threads.execute(() -> {
                try {
                    route(ctx, head, uri, keepAlive);
                } catch (RuntimeException e) {
                    LOG.warn("kubelet request {} failed", head.uri(), e);
                    send(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage(), false);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            ctx.close();
        }
    }

    private void route(ChannelHandlerContext ctx, HttpRequest head, QueryStringDecoder uri, boolean keepAlive) {
        String[] parts = uri.path().substring(1).split("/");
        Map<String, List<String>> q = uri.parameters();
        boolean get = head.method().equals(HttpMethod.GET);
        boolean getOrPost = get || head.method().equals(HttpMethod.POST);
        switch (parts[0]) {
            case "healthz" -> send(ctx, HttpResponseStatus.OK, "ok", keepAlive);
            case "containerLogs" -> {
                if (parts.length != 4 || !get) {
                    notFound(ctx, keepAlive);
                    return;
                }
                logs(ctx, parts[1], parts[2], parts[3], q, keepAlive);
            }
            case "exec", "attach" -> {
                if (parts.length != 4 || !getOrPost) {
                    notFound(ctx, keepAlive);
                    return;
                }
                Optional<StreamingRuntime.ContainerInstance> c = runtime.container(parts[1], parts[2], parts[3], false);
                if (c.isEmpty()) {
                    send(ctx, HttpResponseStatus.NOT_FOUND, "container not found (\"" + parts[3] + "\")", keepAlive);
                    return;
                }
                boolean stdin = flag(q, "stdin");
                boolean stdout = flag(q, "stdout");
                boolean stderr = flag(q, "stderr");
                boolean tty = flag(q, "tty");
                String url;
                if (parts[0].equals("exec")) {
                    List<String> command = q.getOrDefault("command", List.of());
                    if (command.isEmpty()) {
                        send(ctx, HttpResponseStatus.BAD_REQUEST, "you must specify at least one command for the "
                                + "container", keepAlive);
                        return;
                    }
                    url = runtime.exec(c.get().id(), command, stdin, stdout, stderr, tty);
                } else {
                    url = runtime.attach(c.get().id(), stdin, stdout, stderr, tty);
                }
                proxy(ctx, head, url);
            }
            case "portForward" -> {
                if (parts.length != 3 || !getOrPost) {
                    notFound(ctx, keepAlive);
                    return;
                }
                Optional<String> sandbox = runtime.sandbox(parts[1], parts[2]);
                if (sandbox.isEmpty()) {
                    send(ctx, HttpResponseStatus.NOT_FOUND, "pod not found (\"" + parts[2] + "\")", keepAlive);
                    return;
                }
                List<Integer> ports = new ArrayList<>();
                for (String p : q.getOrDefault("port", List.of())) {
                    try {
                        ports.add(Integer.parseInt(p));
                    } catch (NumberFormatException e) {
                        send(ctx, HttpResponseStatus.BAD_REQUEST, "invalid port \"" + p + "\"", keepAlive);
                        return;
                    }
                }
                proxy(ctx, head, runtime.portForward(sandbox.get(), ports));
            }
            default -> notFound(ctx, keepAlive);
        }
    }

    private void proxy(ChannelHandlerContext ctx, HttpRequest head, String url) {
        URI target = URI.create(url);
        ctx.channel().eventLoop().execute(() -> StreamProxy.relay(ctx.channel(), head, target));
    }

    private void logs(ChannelHandlerContext ctx, String ns, String pod, String container,
                      Map<String, List<String>> query, boolean keepAlive) {
        LogOptions options;
        try {
            options = LogOptions.parse(query, Instant.now());
        } catch (IllegalArgumentException e) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), keepAlive);
            return;
        }
        Optional<StreamingRuntime.ContainerInstance> c = runtime.container(ns, pod, container, options.previous());
        if (c.isEmpty()) {
            String text = options.previous()
                    ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
                    : "container \"" + container + "\" in pod \"" + pod + "\" not found";
            send(ctx, options.previous() ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND, text,
                    keepAlive);
            return;
        }
        StreamingRuntime.ContainerInstance instance = c.get();
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.writeAndFlush(response);
        CriLogFile file = new CriLogFile(instance.logPath(), options);
        try {
            file.copyTo(bytes -> ctx.channel().isActive() && await(ctx.writeAndFlush(
                    new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)))),
                    () -> instance.running() && runtime.running(instance.id()));
        } catch (NoSuchFileException e) {
            // A container that has not written yet has no file: an empty log.
        } catch (IOException e) {
            LOG.warn("reading log {} failed", instance.logPath(), e);
            ctx.close();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.close();
            return;
        }
        ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static boolean await(ChannelFuture f) {
        try {
            return f.await(60, TimeUnit.SECONDS) && f.isSuccess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean flag(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        String s = v.getFirst();
        return s.isEmpty() || s.equals("1") || s.equalsIgnoreCase("true");
    }

    private static void notFound(ChannelHandlerContext ctx, boolean keepAlive) {
        send(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", keepAlive);
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
