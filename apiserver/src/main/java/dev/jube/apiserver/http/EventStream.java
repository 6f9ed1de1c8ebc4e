package dev.jube.apiserver.http;

/** A response that is written frame by frame until either side closes it. */
public interface EventStream extends AutoCloseable {

    /**
     * Writes one frame and sends it with those appended before. Waits only while the transport is
     * backed up, so a slow client slows its own writer, not the server. Returns false once the
     * stream is closed.
     */
    default boolean write(byte[] frame) {
        return append(frame) && flush();
    }

    /** Queues one frame behind the others without sending it yet. Returns false once the stream is closed. */
    boolean append(byte[] frame);

    /** Sends what was appended, waiting while the transport is backed up. Returns false once the stream is closed. */
    boolean flush();

    boolean isOpen();

    /** Runs {@code action} once when the client goes away or the stream is closed. */
    void onClose(Runnable action);

    /** Ends the response normally. Idempotent. */
    @Override
    void close();
}
