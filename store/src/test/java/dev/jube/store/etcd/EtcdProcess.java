package dev.jube.store.etcd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code etcd} member running as a child process on 127.0.0.1, for tests. It is stopped
 * through its own {@link Process} handle in {@link #close()}; {@link #kill()} is a SIGKILL.
 */
public final class EtcdProcess implements AutoCloseable {

    static final String READY_LINE = "ready to serve client requests";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** Server TLS with client certificate authentication, all PEM files. */
    public record Tls(Path caFile, Path certFile, Path keyFile) {}

    /** Everything one member needs to start; a cluster hands the same initialCluster to each. */
    record Member(String name, Path dir, int clientPort, int peerPort, String initialCluster, String clusterToken,
            Tls tls) {

        URI clientUrl() {
            return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort);
        }

        String peerUrl() {
            return "http://127.0.0.1:" + peerPort;
        }
    }

    private final Member member;
    private final Process process;
    private final Path log;

    private EtcdProcess(Member member, Process process, Path log) {
        this.member = member;
        this.process = process;
        this.log = log;
    }

    /** A single-member etcd with its data under {@code dir}, ready to serve. */
    public static EtcdProcess start(Path dir) {
        return start(dir, null);
    }

    /** A single-member etcd, serving clients over TLS when {@code tls} is given. */
    public static EtcdProcess start(Path dir, Tls tls) {
        // A free port found now may be taken before etcd binds it: try again with new ones.
        for (int attempt = 1; ; attempt++) {
            Path memberDir = dir.resolve("etcd-" + attempt);
            int[] ports = freePorts(2);
            String name = "solo";
            Member m = new Member(name, memberDir, ports[0], ports[1],
                    name + "=http://127.0.0.1:" + ports[1], "solo-" + UUID.randomUUID(), tls);
            EtcdProcess p = launch(m);
            try {
                p.awaitReady();
                return p;
            } catch (RuntimeException e) {
                p.close();
                if (attempt >= 3 || !p.logText().contains("address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** Starts the process without waiting; {@link #awaitReady()} waits. */
    static EtcdProcess launch(Member m) {
        String binary = binary();
        try {
            Files.createDirectories(m.dir());
            Path log = m.dir().resolve("etcd-" + System.nanoTime() + ".log");
            List<String> cmd = new ArrayList<>(List.of(binary,
                    "--name", m.name(),
                    "--data-dir", m.dir().resolve("data").toString(),
                    "--listen-client-urls", m.clientUrl().toString(),
                    "--advertise-client-urls", m.clientUrl().toString(),
                    "--listen-peer-urls", m.peerUrl(),
                    "--initial-advertise-peer-urls", m.peerUrl(),
                    "--initial-cluster", m.initialCluster(),
                    "--initial-cluster-token", m.clusterToken(),
                    "--initial-cluster-state", "new"));
            if (m.tls() != null) {
                cmd.addAll(List.of(
                        "--cert-file", m.tls().certFile().toString(),
                        "--key-file", m.tls().keyFile().toString(),
                        "--trusted-ca-file", m.tls().caFile().toString(),
                        "--client-cert-auth"));
            }
            Process process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new EtcdProcess(m, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd in " + m.dir(), e);
        }
    }

    /** Waits until etcd says it serves clients; fails with its log if it exits or takes too long. */
    void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd member " + member.name() + " exited with code "
                        + process.exitValue() + " during start; its log:\n" + logTail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
        }
        throw new IllegalStateException("etcd member " + member.name() + " was not ready within " + START_TIMEOUT
                + "; its log:\n" + logTail());
    }

    /**
     * Starts this member again, on its data and ports, once it has stopped (for instance after
     * {@link #kill()}); the returned process must be closed too.
     */
    public EtcdProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("etcd member " + member.name() + " is still running");
        }
        EtcdProcess again = launch(member);
        try {
            again.awaitReady();
            return again;
        } catch (RuntimeException e) {
            again.close();
            throw e;
        }
    }

    public URI clientUrl() {
        return member.clientUrl();
    }

    public String name() {
        return member.name();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the member dies without any chance to hand over leadership or flush. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(10))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    String logTail() {
        String text = logText();
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    /** The etcd binary on PATH (Debian package etcd-server); its absence fails the test. */
    static String binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "etcd");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException(
                "the etcd binary is not on PATH: install the etcd-server package (apt-get install etcd-server)");
    }

    static int[] freePorts(int n) {
        // Hold every socket open until all are found, so the ports are distinct.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Only probing.
                }
            }
        }
    }
}
