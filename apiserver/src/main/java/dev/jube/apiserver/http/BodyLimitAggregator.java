package dev.jube.apiserver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Collects request bodies up to a limit; larger ones get a 413 Status, as upstream answers. */
final class BodyLimitAggregator extends HttpObjectAggregator {

    private final int limit;
    private final boolean http2;

    BodyLimitAggregator(int limit, boolean http2) {
        super(limit);
        this.limit = limit;
        this.http2 = http2;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Request entity too large: limit is " + limit + "\","
                + "\"reason\":\"RequestEntityTooLarge\",\"code\":413}";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (http2) {
            // The stream ends with the response; the rest of the body is read and dropped.
            ctx.writeAndFlush(response);
        } else {
            // The rest of the body is still on its way: the connection cannot be reused.
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
