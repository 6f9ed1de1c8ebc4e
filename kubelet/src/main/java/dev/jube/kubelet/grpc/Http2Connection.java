package dev.jube.kubelet.grpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 connection without TLS (prior knowledge, as gRPC servers on local sockets expect) that
 * carries request-answer exchanges, one stream each. Frames are written under one lock and read by
 * one virtual thread. Only what a gRPC client needs: no server push, priorities or padding of its own.
 */
final class Http2Connection implements AutoCloseable {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PUSH_PROMISE = 5;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    private static final int SETTINGS_HEADER_TABLE_SIZE = 1;
    private static final int SETTINGS_ENABLE_PUSH = 2;
    private static final int SETTINGS_INITIAL_WINDOW_SIZE = 4;
    private static final int SETTINGS_MAX_FRAME_SIZE = 5;
    private static final int ERROR_REFUSED_STREAM = 7;
    private static final int ERROR_CANCEL = 8;
    private static final int DEFAULT_WINDOW = 65_535;
    /** The frame size this side accepts: the protocol's default, which it never raises. */
    private static final int MAX_FRAME = 16_384;
    /**
     * What the server may send before this side acknowledges it, per stream and per connection.
     * Larger than any answer, so a stream never waits for a window update.
     */
    private static final int RECEIVE_WINDOW = 1 << 30;
    /** The highest client stream id, 2^31 - 1. */
    private static final int MAX_STREAM_ID = Integer.MAX_VALUE;
    /** Answers larger than this (gRPC's framing included) end their stream with RESOURCE_EXHAUSTED. */
    static final int MAX_ANSWER = (64 << 20) + 5;

    private final SocketChannel channel;
    private final String name;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + 9).flip();
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    /** Guards writes, stream ids, the header encoder and the send windows. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition windowOpened = lock.newCondition();
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    private int nextStreamId;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private int peerMaxFrame = MAX_FRAME;
    private long sendWindow = DEFAULT_WINDOW;
    /** Bytes received since the connection's window was last topped up; reader thread only. */
    private long unacknowledged;
    /** Why no new stream may start; null while the connection is usable. */
    private volatile String closedReason;

    private Http2Connection(SocketChannel channel, String name, int firstStreamId) throws IOException {
        this.channel = channel;
        this.name = name;
        this.nextStreamId = firstStreamId;
        lock.lock();
        try {
            write(ByteBuffer.wrap(PREFACE));
            ByteBuffer settings = ByteBuffer.allocate(12)
                    .putShort((short) SETTINGS_ENABLE_PUSH).putInt(0)
                    .putShort((short) SETTINGS_INITIAL_WINDOW_SIZE).putInt(RECEIVE_WINDOW).flip();
            writeFrame(SETTINGS, 0, 0, settings);
            writeFrame(WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(RECEIVE_WINDOW - DEFAULT_WINDOW).flip());
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("http2-reader " + name).start(this::readFrames);
    }

    /** Connects to a Unix socket or a TCP address and starts the connection. */
    static Http2Connection open(SocketAddress address, Duration connectTimeout) throws IOException {
        return open(address, connectTimeout, 1);
    }

    /** A connection whose first stream has the odd id {@code firstStreamId}. */
    static Http2Connection open(SocketAddress address, Duration connectTimeout, int firstStreamId)
            throws IOException {
        SocketChannel channel;
        if (address instanceof UnixDomainSocketAddress) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(address);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } else {
            channel = SocketChannel.open();
            try {
                channel.socket().connect(address, (int) Math.max(1, connectTimeout.toMillis()));
                channel.socket().setTcpNoDelay(true);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        return new Http2Connection(channel, address.toString(), firstStreamId);
    }

    /** True until the connection fails, is closed or the server asks for no more streams. */
    boolean isUsable() {
        return closedReason == null;
    }

    /**
     * Sends a request (headers, then the body unless it is empty) on a new stream and waits for the
     * whole answer until {@code deadlineNanos} (of {@link System#nanoTime()}). A stream that runs out
     * of time is reset. Throws DEADLINE_EXCEEDED, UNAVAILABLE when the connection fails, or the code
     * a reset stream maps to.
     */
    Answer exchange(Http2Headers headers, byte[] body, long deadlineNanos) {
        Stream stream = send(headers, body, deadlineNanos);
        try {
            return stream.answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reset(stream);
            throw new GrpcException(GrpcCode.DEADLINE_EXCEEDED, "");
        } catch (InterruptedException e) {
            reset(stream);
            Thread.currentThread().interrupt();
            throw new GrpcException(GrpcCode.CANCELLED, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof GrpcException g ? g : new GrpcException(GrpcCode.INTERNAL, "", e.getCause());
        }
    }

    private Stream send(Http2Headers headers, byte[] body, long deadlineNanos) {
        Stream stream = null;
        lock.lock();
        try {
            if (closedReason != null) {
                throw GrpcException.unprocessed(closedReason);
            }
            stream = new Stream(nextStreamId, peerInitialWindow);
            if (stream.id == MAX_STREAM_ID) {
                // Stream ids are never reused: this connection ends after its last stream, the next
                // call opens another.
                closedReason = "stream ids used up";
            } else {
                nextStreamId += 2;
            }
            streams.put(stream.id, stream);
            writeHeaders(stream.id, headers, body.length == 0);
            int offset = 0;
            while (offset < body.length) {
                long window;
                while ((window = Math.min(sendWindow, stream.sendWindow)) <= 0) {
                    if (closedReason != null || stream.answer.isDone()) {
                        return stream; // the answer (or the failure) is already there
                    }
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return stream; // exchange() ends it at its deadline
                    }
                    windowOpened.awaitNanos(left);
                }
                int n = (int) Math.min(Math.min(window, peerMaxFrame), body.length - offset);
                boolean last = offset + n == body.length;
                writeFrame(DATA, last ? END_STREAM : 0, stream.id, ByteBuffer.wrap(body, offset, n));
                sendWindow -= n;
                stream.sendWindow -= n;
                offset += n;
            }
            return stream;
        } catch (IOException e) {
            if (stream != null && stream.answer.isDone()) {
                return stream; // already ended, e.g. refused by GOAWAY, which then closed the channel
            }
            fail("cannot write to " + name + ": " + e.getMessage());
            throw new GrpcException(GrpcCode.UNAVAILABLE, closedReason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GrpcException(GrpcCode.CANCELLED, "interrupted");
        } finally {
            lock.unlock();
        }
    }

    private void writeHeaders(int streamId, Http2Headers headers, boolean endStream) throws IOException {
        ByteBuf block = Unpooled.buffer(256);
        try {
            encoder.encodeHeaders(streamId, headers, block);
        } catch (Http2Exception e) {
            throw new GrpcException(GrpcCode.INTERNAL, "cannot encode the request's headers: " + e.getMessage(), e);
        }
        byte[] bytes = ByteBufUtil.getBytes(block);
        int offset = 0;
        int type = HEADERS;
        do {
            int n = Math.min(peerMaxFrame, bytes.length - offset);
            boolean last = offset + n == bytes.length;
            int flags = (last ? END_HEADERS : 0) | (type == HEADERS && endStream ? END_STREAM : 0);
            writeFrame(type, flags, streamId, ByteBuffer.wrap(bytes, offset, n));
            offset += n;
            type = CONTINUATION;
        } while (offset < bytes.length);
    }

    private void reset(Stream stream) {
        if (streams.remove(stream.id) == null || closedReason != null) {
            return;
        }
        lock.lock();
        try {
            writeFrame(RST_STREAM, 0, stream.id, ByteBuffer.allocate(4).putInt(ERROR_CANCEL).flip());
        } catch (IOException e) {
            fail("cannot write to " + name + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
        closeIfDrained();
    }

    private void readFrames() {
        try {
            ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();
            while (true) {
                fill(9);
                int length = (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
                int type = in.get() & 0xff;
                int flags = in.get() & 0xff;
                int streamId = in.getInt() & 0x7fffffff;
                if (length > MAX_FRAME) {
                    throw new IOException("a frame of " + length + " bytes, larger than the " + MAX_FRAME + " allowed");
                }
                fill(length);
                ByteBuffer payload = in.slice(in.position(), length);
                in.position(in.position() + length);
                switch (type) {
                    case DATA -> onData(streamId, flags, payload, length);
                    case HEADERS -> {
                        int pad = (flags & PADDED) != 0 ? payload.get() & 0xff : 0;
                        if ((flags & PRIORITY) != 0) {
                            payload.position(payload.position() + 5);
                        }
                        headerBlock.reset();
                        appendFragment(headerBlock, payload, pad);
                        boolean endHeaders = (flags & END_HEADERS) != 0;
                        while (!endHeaders) {
                            fill(9);
                            int n = (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
                            int t = in.get() & 0xff;
                            endHeaders = (in.get() & END_HEADERS) != 0;
                            int id = in.getInt() & 0x7fffffff;
                            if (t != CONTINUATION || id != streamId || n > MAX_FRAME) {
                                throw new IOException("header block of stream " + streamId + " interrupted");
                            }
                            fill(n);
                            appendFragment(headerBlock, in.slice(in.position(), n), 0);
                            in.position(in.position() + n);
                        }
                        onHeaders(streamId, (flags & END_STREAM) != 0, headerBlock.toByteArray());
                    }
                    case RST_STREAM -> onReset(streamId, payload.getInt());
                    case SETTINGS -> {
                        if ((flags & ACK) == 0) {
                            onSettings(payload);
                        }
                    }
                    case PING -> {
                        if ((flags & ACK) == 0) {
                            writeLocked(PING, ACK, 0, payload);
                        }
                    }
                    case GOAWAY -> onGoAway(payload.getInt() & 0x7fffffff, payload.getInt());
                    case WINDOW_UPDATE -> onWindowUpdate(streamId, payload.getInt() & 0x7fffffff);
                    case PUSH_PROMISE -> throw new IOException("server push, which this client disabled");
                    default -> { } // priority and unknown frames carry nothing for this client
                }
            }
        } catch (IOException | Http2Exception | RuntimeException e) {
            fail(closedReason != null ? closedReason : "connection to " + name + " lost: " + describe(e));
        }
    }

    private void onData(int streamId, int flags, ByteBuffer payload, int length) throws IOException {
        int pad = (flags & PADDED) != 0 ? payload.get() & 0xff : 0;
        unacknowledged += length;
        if (unacknowledged >= RECEIVE_WINDOW / 2) {
            writeLocked(WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt((int) unacknowledged).flip());
            unacknowledged = 0;
        }
        Stream stream = streams.get(streamId);
        if (stream == null) {
            return;
        }
        appendFragment(stream.data, payload, pad);
        if (stream.data.size() > MAX_ANSWER) {
            reset(stream);
            stream.answer.completeExceptionally(new GrpcException(GrpcCode.RESOURCE_EXHAUSTED,
                    "the answer is larger than " + MAX_ANSWER + " bytes"));
        } else if ((flags & END_STREAM) != 0) {
            finish(stream);
        }
    }

    private void onHeaders(int streamId, boolean endStream, byte[] block) throws Http2Exception {
        // Every block goes through the decoder, in order: its table is shared by all streams.
        Http2Headers headers = decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(block));
        Stream stream = streams.get(streamId);
        if (stream == null) {
            return;
        }
        if (stream.headers == null) {
            stream.headers = headers;
        } else {
            stream.trailers = headers;
        }
        if (endStream) {
            finish(stream);
        }
    }

    private void finish(Stream stream) {
        streams.remove(stream.id);
        stream.answer.complete(new Answer(stream.headers, stream.trailers, stream.data.toByteArray()));
        closeIfDrained();
    }

    private void onReset(int streamId, int errorCode) {
        Stream stream = streams.remove(streamId);
        if (stream != null) {
            String why = "stream reset by the server (HTTP/2 error code " + errorCode + ")";
            stream.answer.completeExceptionally(switch (errorCode) {
                case ERROR_REFUSED_STREAM -> GrpcException.unprocessed(why);
                case ERROR_CANCEL -> new GrpcException(GrpcCode.CANCELLED, why);
                default -> new GrpcException(GrpcCode.INTERNAL, why);
            });
        }
        closeIfDrained();
    }

    private void onSettings(ByteBuffer payload) throws IOException {
        lock.lock();
        try {
            while (payload.remaining() >= 6) {
                int id = payload.getShort() & 0xffff;
                int value = payload.getInt();
                switch (id) {
                    case SETTINGS_HEADER_TABLE_SIZE -> encoder.configuration().maxHeaderTableSize(
                            Math.min(value & 0xffffffffL, 4096));
                    case SETTINGS_INITIAL_WINDOW_SIZE -> {
                        int delta = value - peerInitialWindow;
                        peerInitialWindow = value;
                        streams.values().forEach(s -> s.sendWindow += delta);
                    }
                    case SETTINGS_MAX_FRAME_SIZE -> peerMaxFrame = value;
                    default -> { }
                }
            }
            windowOpened.signalAll();
            writeFrame(SETTINGS, ACK, 0, ByteBuffer.allocate(0));
        } catch (Http2Exception e) {
            throw new IOException("bad SETTINGS: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void onGoAway(int lastStreamId, int errorCode) {
        closedReason = "the server closed the connection (GOAWAY, error code " + errorCode + ")";
        for (Stream stream : List.copyOf(streams.values())) {
            if (stream.id > lastStreamId && streams.remove(stream.id) != null) {
                stream.answer.completeExceptionally(GrpcException.unprocessed(closedReason));
            }
        }
        closeIfDrained();
    }

    private void onWindowUpdate(int streamId, int increment) {
        lock.lock();
        try {
            if (streamId == 0) {
                sendWindow += increment;
            } else {
                Stream stream = streams.get(streamId);
                if (stream != null) {
                    stream.sendWindow += increment;
                }
            }
            windowOpened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** After GOAWAY the connection ends once its last stream has. */
    private void closeIfDrained() {
        if (closedReason != null && streams.isEmpty()) {
            fail(closedReason);
        }
    }

    /** Ends the connection: no new streams, every open one fails with UNAVAILABLE. */
    private void fail(String reason) {
        if (closedReason == null) {
            closedReason = reason;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        List<Stream> open = new ArrayList<>(streams.values());
        streams.clear();
        open.forEach(s -> s.answer.completeExceptionally(new GrpcException(GrpcCode.UNAVAILABLE, closedReason)));
        // A writer blocked in a write holds the lock; the closed channel has just woken it.
        lock.lock();
        try {
            windowOpened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        fail("the channel was closed");
    }

    private void fill(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        while (in.position() < n) {
            if (channel.read(in) < 0) {
                in.flip();
                throw new EOFException("the server closed the connection");
            }
        }
        in.flip();
    }

    private static void appendFragment(ByteArrayOutputStream to, ByteBuffer fragment, int pad) {
        int n = fragment.remaining() - pad;
        if (n < 0) {
            throw new IllegalStateException("padding longer than its frame");
        }
        // The read buffer is on the heap: copy straight from its array.
        to.write(fragment.array(), fragment.arrayOffset() + fragment.position(), n);
        fragment.position(fragment.position() + n);
    }

    private void writeLocked(int type, int flags, int streamId, ByteBuffer payload) throws IOException {
        lock.lock();
        try {
            writeFrame(type, flags, streamId, payload);
        } finally {
            lock.unlock();
        }
    }

    private void writeFrame(int type, int flags, int streamId, ByteBuffer payload) throws IOException {
        int length = payload.remaining();
        ByteBuffer header = ByteBuffer.allocate(9)
                .put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(streamId).flip();
        write(header, payload);
    }

    private void write(ByteBuffer... buffers) throws IOException {
        long left = 0;
        for (ByteBuffer b : buffers) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(buffers);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The answer's first header block, its trailers (null when the first block ended the stream) and body. */
    record Answer(Http2Headers headers, Http2Headers trailers, byte[] data) {}

    private static final class Stream {
        final int id;
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        long sendWindow;
        Http2Headers headers;
        Http2Headers trailers;

        Stream(int id, long sendWindow) {
            this.id = id;
            this.sendWindow = sendWindow;
        }
    }
}
