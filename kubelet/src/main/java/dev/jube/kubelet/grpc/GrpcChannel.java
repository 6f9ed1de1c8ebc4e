package dev.jube.kubelet.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A gRPC client for unary calls to one server, over a Unix socket (a container runtime) or TCP (a
 * container's health service). It connects on first use and again after its connection is lost, so
 * a runtime that restarts is reachable again through the same channel. Thread-safe.
 *
 * <p>The agent needs nothing but unary calls, and a client of its own costs a fraction of a general
 * gRPC library's classes and threads (see docs/benchmarks.md, agent memory).
 */
public final class GrpcChannel implements AutoCloseable {

    private final SocketAddress address;
    private final String authority;
    private final Duration connectTimeout;
    private Http2Connection connection;
    private boolean closed;

    private GrpcChannel(SocketAddress address, String authority, Duration connectTimeout) {
        this.address = address;
        this.authority = authority;
        this.connectTimeout = connectTimeout;
    }

    /** A channel to a server listening on a Unix socket. */
    public static GrpcChannel unix(Path socket) {
        return new GrpcChannel(UnixDomainSocketAddress.of(socket), "localhost", Duration.ZERO);
    }

    /** A channel to a server on a TCP port; connecting gives up after {@code connectTimeout}. */
    public static GrpcChannel tcp(String host, int port, Duration connectTimeout) {
        return new GrpcChannel(new InetSocketAddress(host, port), host + ":" + port, connectTimeout);
    }

    /**
     * Calls {@code method} ("package.Service/Method") and returns its answer, or throws
     * {@link GrpcException} with the server's code and message, DEADLINE_EXCEEDED when no answer came
     * within {@code timeout}, or UNAVAILABLE when the server cannot be reached.
     */
    public <T> T call(String method, MessageLite request, Parser<T> answer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http2Headers headers = requestHeaders(method, authority, timeout);
        byte[] body = framed(request);
        Http2Connection.Answer a;
        try {
            a = connection().exchange(headers, body, deadline);
        } catch (GrpcException e) {
            if (!e.isUnprocessed()) {
                throw e;
            }
            // The server never started it (its connection was closing): once more, on a new one.
            a = connection().exchange(headers, body, deadline);
        }
        return decode(a, answer);
    }

    private synchronized Http2Connection connection() {
        if (closed) {
            throw new GrpcException(GrpcCode.UNAVAILABLE, "the channel was closed");
        }
        if (connection == null || !connection.isUsable()) {
            try {
                connection = Http2Connection.open(address, connectTimeout);
            } catch (IOException e) {
                throw new GrpcException(GrpcCode.UNAVAILABLE, "cannot connect to " + address + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }

    /** A unary call's request headers. */
    static Http2Headers requestHeaders(String method, String authority, Duration timeout) {
        return new DefaultHttp2Headers(false)
                .method("POST").scheme("http").path("/" + method).authority(authority)
                .add("content-type", "application/grpc")
                .add("te", "trailers")
                .add("grpc-timeout", timeoutHeader(timeout))
                .add("user-agent", "jube-grpc");
    }

    /** gRPC's message framing: no compression, the length, the message. */
    static byte[] framed(MessageLite message) {
        int size = message.getSerializedSize();
        byte[] bytes = new byte[5 + size];
        bytes[1] = (byte) (size >>> 24);
        bytes[2] = (byte) (size >>> 16);
        bytes[3] = (byte) (size >>> 8);
        bytes[4] = (byte) size;
        try {
            message.writeTo(com.google.protobuf.CodedOutputStream.newInstance(bytes, 5, size));
        } catch (IOException e) {
            throw new GrpcException(GrpcCode.INTERNAL, "cannot encode the request: " + e.getMessage(), e);
        }
        return bytes;
    }

    private static <T> T decode(Http2Connection.Answer a, Parser<T> parser) {
        CharSequence status = a.headers() == null ? null : a.headers().status();
        if (status == null || !"200".contentEquals(status)) {
            int http;
            try {
                http = status == null ? 0 : Integer.parseInt(status.toString());
            } catch (NumberFormatException e) {
                http = 0;
            }
            throw new GrpcException(GrpcCode.ofHttpStatus(http), "HTTP status " + status);
        }
        // An answer with no message has its status in the only header block ("trailers-only").
        Http2Headers trailers = a.trailers() != null ? a.trailers() : a.headers();
        CharSequence grpcStatus = trailers.get("grpc-status");
        if (grpcStatus == null) {
            throw new GrpcException(GrpcCode.INTERNAL, "the answer carries no grpc-status");
        }
        GrpcCode code = GrpcCode.of(grpcStatus);
        if (code != GrpcCode.OK) {
            CharSequence message = trailers.get("grpc-message");
            throw new GrpcException(code, message == null ? "" : percentDecoded(message));
        }
        byte[] data = a.data();
        if (data.length < 5) {
            throw new GrpcException(GrpcCode.INTERNAL, "the answer carries no message");
        }
        if (data[0] != 0) {
            throw new GrpcException(GrpcCode.INTERNAL, "the answer is compressed, which was not offered");
        }
        int size = (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
        if (size != data.length - 5) {
            throw new GrpcException(GrpcCode.INTERNAL, "the answer's message is " + (data.length - 5)
                    + " bytes, its frame says " + size);
        }
        try {
            return parser.parseFrom(data, 5, size);
        } catch (InvalidProtocolBufferException e) {
            throw new GrpcException(GrpcCode.INTERNAL, "cannot parse the answer: " + e.getMessage(), e);
        }
    }

    /** grpc-timeout: at most eight digits and a unit. */
    static String timeoutHeader(Duration timeout) {
        long millis = Math.max(0, timeout.toMillis());
        return millis <= 99_999_999 ? millis + "m" : Math.min(timeout.toSeconds(), 99_999_999) + "S";
    }

    /** grpc-message is UTF-8 with some bytes percent-encoded. */
    static String percentDecoded(CharSequence s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
