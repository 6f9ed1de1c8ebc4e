package dev.jube.apiserver.http;

/** Sends the answer to one request: either a whole body, or a stream of frames (watch). */
public interface Responder {

    /** Adds a response header (repeatable, e.g. Warning); must come before the response starts. */
    void header(String name, String value);

    /** Sends a complete response. */
    void send(int status, String contentType, byte[] body);

    /**
     * Starts a streaming response: chunked HTTP/1.1, HTTP/2 data frames, or WebSocket messages
     * when the request was a WebSocket upgrade.
     */
    EventStream stream(int status, String contentType);

    /** Whether the connection can be handed to {@link #takeOver} (HTTP/1.1, where upgrades live). */
    default boolean canTakeOver() {
        return false;
    }

    /**
     * Turns the client connection into a byte relay with {@code upstream}, an open connection to
     * another server, after sending it {@code requestHead}: whatever that server answers (an
     * upgrade to SPDY or WebSocket, or an error) goes back to the client unchanged.
     */
    default void takeOver(io.netty.channel.Channel upstream, byte[] requestHead) {
        throw new UnsupportedOperationException("this connection cannot be taken over");
    }

    /**
     * Completes the client's WebSocket upgrade with {@code subprotocol} and hands the connection
     * to {@code handler}, which from then on receives the client's WebSocket frames.
     */
    default io.netty.channel.Channel takeOverWebSocket(String subprotocol, io.netty.channel.ChannelHandler handler) {
        throw new UnsupportedOperationException("this connection cannot be taken over");
    }
}
