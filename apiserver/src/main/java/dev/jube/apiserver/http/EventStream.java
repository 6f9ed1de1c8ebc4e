package dev.jube.apiserver.http;

/** A response that is written frame by frame until either side closes it. */
public interface EventStream extends AutoCloseable {

    /**
     * Writes one frame and waits until the transport has taken it (so a slow client slows its
     * own writer, not the server). Returns false once the stream is closed.
     */
    boolean write(byte[] frame);

    boolean isOpen();

    /** Runs {@code action} once when the client goes away or the stream is closed. */
    void onClose(Runnable action);

    /** Ends the response normally. Idempotent. */
    @Override
    void close();
}
