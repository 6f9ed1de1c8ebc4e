package dev.jube.apiserver.http;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One TLS handshake in memory against the server's own context, run beside the rest of the start.
 * The first real client otherwise pays for initializing the JDK's TLS and crypto classes while it
 * waits; done here it overlaps work on the other core instead.
 */
public final class TlsWarmUp {

    private TlsWarmUp() {
    }

    /**
     * Handshakes a throwaway client engine with a server engine of {@code server}; tells whether
     * the handshake finished (a failure is only logged by the real handshake later).
     */
    public static boolean handshake(ServerTls server) {
        try {
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            SSLEngine s = server.newEngine();
            SSLEngine c = client.createSSLEngine("localhost", 443);
            c.setUseClientMode(true);
            int size = Math.max(s.getSession().getPacketBufferSize(), c.getSession().getPacketBufferSize());
            ByteBuffer toServer = ByteBuffer.allocate(size);
            ByteBuffer toClient = ByteBuffer.allocate(size);
            ByteBuffer app = ByteBuffer.allocate(Math.max(s.getSession().getApplicationBufferSize(),
                    c.getSession().getApplicationBufferSize()));
            ByteBuffer empty = ByteBuffer.allocate(0);
            c.beginHandshake();
            s.beginHandshake();
            for (int round = 0; round < 100 && !(done(c) && done(s)); round++) {
                step(c, empty, toServer, toClient, app);
                step(s, empty, toClient, toServer, app);
            }
            return done(c) && done(s);
        } catch (SSLException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.FINISHED || h == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Reads what the peer wrote into {@code in}, runs delegated tasks, writes into {@code out}. */
    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            app.clear();
            if (e.unwrap(in, app).bytesConsumed() == 0) {
                break;
            }
            runTasks(e);
        }
        in.compact();
        runTasks(e);
        while (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            if (e.wrap(empty, out).bytesProduced() == 0) {
                break;
            }
            runTasks(e);
        }
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
