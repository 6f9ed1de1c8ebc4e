package dev.jube.kubelet.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection over TLS, for one exchange at a time: enough HTTP for an API client
 * (fixed-length requests; fixed-length, chunked or close-delimited answers) in a few classes,
 * where the JDK's client brings several hundred and a selector thread.
 */
final class HttpConnection implements Closeable {

    /** An answer: its status and a body stream that ends where the answer does. */
    record Response(int status, InputStream body, boolean reusable) {}

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    private HttpConnection(SSLSocket socket, String host) throws IOException {
        this.socket = socket;
        this.host = host;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    static HttpConnection open(URI server, SSLContext tls, int readTimeoutMs) throws IOException {
        int port = server.getPort() == -1 ? 443 : server.getPort();
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(server.getHost(), port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(readTimeoutMs);
            socket.setTcpNoDelay(true);
            SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the server's certificate must name this host
            socket.setSSLParameters(p);
            socket.startHandshake();
            return new HttpConnection(socket, server.getHost() + ":" + port);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Response exchange(String method, String target, String[] headers, byte[] body) throws IOException {
        StringBuilder r = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            r.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            r.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return response();
    }

    private Response response() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = status.startsWith("HTTP/1.0");
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close |= value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (code == 204 || code == 304) {
            return new Response(code, InputStream.nullInputStream(), !close);
        }
        if (chunked || length >= 0) {
            return new Response(code, new Body(chunked ? -1 : length), !close);
        }
        return new Response(code, in, false);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /**
     * An answer's body, ending where the answer does: after Content-Length bytes, or at the last
     * chunk of a chunked body (RFC 9112 section 7.1; chunk extensions and trailers skipped).
     */
    private final class Body extends InputStream {
        private final boolean chunked;
        /** What is left of the body, or of the current chunk. */
        private long left;
        private boolean done;

        /** A sized body; a negative length for a chunked one. */
        Body(long length) {
            chunked = length < 0;
            left = Math.max(length, 0);
            done = length == 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) { // only between chunks
                String size = line();
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the answer ended early");
            }
            left -= n;
            if (left == 0) {
                if (chunked) {
                    line(); // the CRLF after the chunk
                } else {
                    done = true;
                }
            }
            return n;
        }
    }
}
