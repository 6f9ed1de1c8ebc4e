package dev.jube.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Exec and attach for WebSocket clients of the {@code v5.channel.k8s.io} protocol, translated to
 * the SPDY streams ({@code v4.channel.k8s.io}) that kubelets and container runtimes speak, as
 * upstream's stream translator does. WebSocket messages carry a channel byte (0 stdin, 1 stdout,
 * 2 stderr, 3 error, 4 resize; 255 closes the channel named by the next byte); each channel is a
 * SPDY stream here.
 */
public final class ExecTranslator {

    public static final String PROTOCOL = "v5.channel.k8s.io";
    public static final String SPDY_PROTOCOL = "v4.channel.k8s.io";
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int ERROR = 3;
    private static final int RESIZE = 4;
    private static final int CLOSE = 255;
    private static final String[] STREAM_TYPES = {"stdin", "stdout", "stderr", "error", "resize"};

    private final Map<Integer, Integer> streamOfChannel = new HashMap<>();
    private final Map<Integer, Integer> channelOfStream = new HashMap<>();
    /** Streams the kubelet still writes to; the exchange ends when none is left. */
    private final Set<Integer> openReads = new HashSet<>();
    private volatile Channel kubelet;
    private volatile Channel client;

    /**
     * The streams to open follow the request's options, as the SPDY client of upstream does:
     * error always, stdin/stdout as asked, stderr unless a terminal merges it, resize with a terminal.
     */
    public ExecTranslator(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        int id = 1;
        for (int channel : new int[] {ERROR, STDIN, STDOUT, STDERR, RESIZE}) {
            boolean wanted = switch (channel) {
                case STDIN -> stdin;
                case STDOUT -> stdout;
                case STDERR -> stderr && !tty;
                case RESIZE -> tty;
                default -> true;
            };
            if (wanted) {
                streamOfChannel.put(channel, id);
                channelOfStream.put(id, channel);
                if (channel == ERROR || channel == STDOUT || channel == STDERR) {
                    openReads.add(id);
                }
                id += 2;
            }
        }
    }

    /** The frame codec to put on the kubelet connection after its 101. */
    public static SpdyFrameCodec kubeletCodec() {
        return new SpdyFrameCodec(SpdyVersion.SPDY_3_1);
    }

    /** The handler for the client's WebSocket frames. */
    public SimpleChannelInboundHandler<WebSocketFrame> clientSide() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                if (frame instanceof BinaryWebSocketFrame) {
                    fromClient(frame.content());
                } else if (frame instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                } else if (frame instanceof CloseWebSocketFrame) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                    if (kubelet != null) {
                        kubelet.close();
                    }
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (kubelet != null) {
                    kubelet.close();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    /** Opens the SPDY streams on the upgraded kubelet connection; before the client's frames flow. */
    public void open(KubeletUpgrade upgrade) {
        this.kubelet = upgrade.channel();
        for (Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(channelOfStream).entrySet()) {
            SpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(e.getKey(), 0, (byte) 0);
            syn.headers().set("streamtype", STREAM_TYPES[e.getValue()]);
            kubelet.write(syn);
        }
        kubelet.flush();
    }

    /** Starts carrying the kubelet's side to the client, once its WebSocket is up. */
    public void connect(KubeletUpgrade upgrade, Channel clientChannel) {
        this.client = clientChannel;
        upgrade.attach(this::fromKubelet);
    }

    private void fromClient(ByteBuf message) {
        if (!message.isReadable() || kubelet == null) {
            return;
        }
        int channel = message.readUnsignedByte();
        if (channel == CLOSE) {
            if (message.isReadable()) {
                Integer stream = streamOfChannel.get((int) message.readUnsignedByte());
                if (stream != null) {
                    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(stream);
                    fin.setLast(true);
                    kubelet.writeAndFlush(fin);
                }
            }
            return;
        }
        Integer stream = streamOfChannel.get(channel);
        if (stream != null && (channel == STDIN || channel == RESIZE) && message.isReadable()) {
            kubelet.writeAndFlush(new DefaultSpdyDataFrame(stream, message.retain()));
        }
    }

    private void fromKubelet(Object msg) {
        try {
            if (msg instanceof SpdyDataFrame data) {
                Integer channel = channelOfStream.get(data.streamId());
                if (channel != null && data.content().isReadable()) {
                    ByteBuf out = Unpooled.buffer(data.content().readableBytes() + 1);
                    out.writeByte(channel);
                    out.writeBytes(data.content());
                    client.writeAndFlush(new BinaryWebSocketFrame(out));
                }
                if (data.isLast()) {
                    streamDone(data.streamId());
                }
            } else if (msg instanceof SpdySynStreamFrame || msg instanceof SpdyRstStreamFrame) {
                if (msg instanceof SpdyRstStreamFrame rst) {
                    streamDone(rst.streamId());
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                kubelet.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyGoAwayFrame || msg == KubeletUpgrade.Closed.INSTANCE) {
                finish();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void streamDone(int stream) {
        if (openReads.remove(stream) && openReads.isEmpty()) {
            finish();
        }
    }

    private void finish() {
        if (client.isActive()) {
            client.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
        kubelet.close();
    }
}
