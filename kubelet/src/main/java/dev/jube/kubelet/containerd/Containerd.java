package dev.jube.kubelet.containerd;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.cri.v1.VersionResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container runtime the node talks to: either a containerd this agent runs as its child (config,
 * folders and socket of its own, restarted with back-off when it dies, stopped on close), or an
 * existing runtime socket used as it is.
 */
public final class Containerd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Containerd.class);
    /** How long a fresh daemon may take to answer CRI Version. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long SIGTERM gets before SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A daemon that ran this long resets the back-off. */
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final ContainerdConfig config;
    private final ContainerdBinaries binaries;
    private final CriClient cri;
    private final Object lock = new Object();
    private volatile Process process;
    private volatile boolean closed;
    private volatile int restarts;
    private volatile long readyMillis;
    private Thread watcher;

    private Containerd(ContainerdConfig config, ContainerdBinaries binaries, CriClient cri) {
        this.config = config;
        this.binaries = binaries;
        this.cri = cri;
    }

    /**
     * Writes the config, starts containerd as a child process logging to its folder, and returns once
     * its CRI answers Version. A watcher restarts it if it exits.
     */
    public static Containerd start(ContainerdConfig config, ContainerdBinaries binaries) {
        config.write();
        Containerd c = new Containerd(config, binaries, new CriClient(config.socket()));
        try {
            long t0 = System.nanoTime();
            c.launch();
            c.readyMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("containerd ready in {} ms (pid {}, socket {})", c.readyMillis, c.process.pid(),
                    config.socket());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        c.watcher = Thread.ofPlatform().daemon().name("containerd-watcher").start(c::watch);
        return c;
    }

    /** Uses a runtime already listening on {@code socket}; nothing is started or stopped. */
    public static Containerd external(Path socket) {
        return new Containerd(null, null, new CriClient(socket));
    }

    public CriClient cri() {
        return cri;
    }

    public Path socket() {
        return cri.socket();
    }

    /** True when this agent runs the daemon. */
    public boolean managed() {
        return config != null;
    }

    /** The config of a managed daemon, or null for an external runtime. */
    public ContainerdConfig config() {
        return config;
    }

    /** The daemon's PID while it runs (managed only). */
    public OptionalLong pid() {
        Process p = process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** How many times the daemon was restarted after dying. */
    public int restarts() {
        return restarts;
    }

    /** Milliseconds from process start to CRI Version answering, for the first start. */
    public long readyMillis() {
        return readyMillis;
    }

    /** CRI Version, i.e. the runtime's name and version for nodeInfo. */
    public VersionResponse version() {
        return cri.version();
    }

    private void launch() {
        Path log = config.logFile();
        try {
            Files.deleteIfExists(config.socket());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale socket " + config.socket(), e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(binaries.containerd().toString(),
                "--config", config.configFile().toString(), "--log-level", "info"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", binaries.searchPath());
        Process p;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("containerd was closed");
            }
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binaries.containerd(), e);
            }
            process = p;
        }
        awaitReady(p);
    }

    private void awaitReady(Process p) {
        long t0 = System.nanoTime();
        long deadline = t0 + READY_TIMEOUT.toNanos();
        CriException last = null;
        boolean socketSeen = false;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("containerd exited with code " + p.exitValue()
                        + " while starting; last lines of " + config.logFile() + ":\n" + tail(config.logFile()));
            }
            if (Files.exists(config.socket())) {
                if (!socketSeen) {
                    socketSeen = true;
                    LOG.debug("containerd socket appeared after {} ms", (System.nanoTime() - t0) / 1_000_000);
                }
                try {
                    cri.version(Duration.ofSeconds(2));
                    return;
                } catch (CriException e) {
                    last = e;
                }
            }
            sleep(25);
        }
        throw new IllegalStateException("containerd's CRI did not answer within " + READY_TIMEOUT.toSeconds()
                + " s" + (last == null ? "" : " (" + last.getMessage() + ")") + "; last lines of "
                + config.logFile() + ":\n" + tail(config.logFile()));
    }

    private void watch() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            Process p = process;
            long started = System.nanoTime();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (System.nanoTime() - started > STABLE.toNanos()) {
                backoff = Duration.ofSeconds(1);
            }
            LOG.warn("containerd (pid {}) exited with code {}; restarting in {} ms", p.pid(), p.exitValue(),
                    backoff.toMillis());
            while (!closed) {
                sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                if (closed) {
                    return;
                }
                try {
                    long t0 = System.nanoTime();
                    launch();
                    restarts++;
                    LOG.info("containerd restarted (pid {}), ready in {} ms", process.pid(),
                            (System.nanoTime() - t0) / 1_000_000);
                    break;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("containerd restart failed; retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                    Process failed = process;
                    if (failed != null && failed.isAlive()) {
                        stopProcess(failed);
                    }
                }
            }
        }
    }

    /** Stops a managed daemon (SIGTERM to its PID, then SIGKILL) and closes the CRI client. */
    @Override
    public void close() {
        Process p;
        synchronized (lock) {
            closed = true;
            p = process;
        }
        cri.close();
        if (watcher != null) {
            watcher.interrupt();
        }
        if (p != null) {
            stopProcess(p);
        }
        if (config != null && !config.socket().startsWith(config.dir())) {
            // The short socket folder under /run is ours alone: leave nothing behind.
            try {
                Files.deleteIfExists(config.socket());
                Files.deleteIfExists(Path.of(config.socket() + ".ttrpc"));
                Files.deleteIfExists(config.socket().getParent());
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", config.socket().getParent(), e.toString());
            }
        }
    }

    private static void stopProcess(Process p) {
        p.destroy(); // SIGTERM
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("containerd (pid {}) ignored SIGTERM; killing it", p.pid());
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - 4000);
            f.seek(start);
            byte[] b = new byte[(int) (f.length() - start)];
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
