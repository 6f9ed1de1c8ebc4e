package dev.jube.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Port-forward over WebSocket as kubectl tunnels it ({@code SPDY/3.1+portforward.k8s.io}): the
 * client speaks SPDY inside binary WebSocket messages; their payloads are the byte stream of a
 * SPDY connection to the kubelet, which the API server upgraded itself.
 */
public final class PortForwardTunnel {

    public static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private PortForwardTunnel() {
    }

    /** The handler for the client's WebSocket frames; call {@link #connect} once the handshake is done. */
    public static SimpleChannelInboundHandler<WebSocketFrame> clientSide(Channel kubelet) {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                    kubelet.writeAndFlush(frame.content().retain());
                } else if (frame instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                } else if (frame instanceof CloseWebSocketFrame) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                    kubelet.close();
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                kubelet.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    /** Sends what the kubelet says to the client as binary messages. */
    public static void connect(KubeletUpgrade kubelet, Channel client) {
        kubelet.attach(msg -> {
            if (msg instanceof ByteBuf buf) {
                client.writeAndFlush(new BinaryWebSocketFrame(buf));
            } else if (msg == KubeletUpgrade.Closed.INSTANCE) {
                if (client.isActive()) {
                    client.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        });
    }
}
