package dev.jube.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One {@code jube server} child process on a loopback port, with its data folder. Stopped through
 * its own {@link Process} handle, never by name.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final long startedNanos;
    private SSLContext tls;

    private ServerProcess(Process process, Path dataDir, Path log, int port, long startedNanos) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts the server on a free loopback port; returns at once (see {@link #awaitReady}). */
    static ServerProcess start(Path jar, Path dataDir, Path log, List<String> jvmOptions) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        // The API server alone: the scheduler's and controllers' informers would hold their own
        // copies of every object in the same JVM, and the scheduler would keep retrying pods that
        // have no node to go to.
        cmd.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", dataDir.toString(),
                "--port", Integer.toString(port), "--bind-address", "127.0.0.1",
                "--disable-scheduler", "--disable-controller-manager", "--disable-agent"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        return new ServerProcess(pb.start(), dataDir, log, port, t0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Polls /readyz (as the admin, once the certificates exist) until it answers 200 "ok";
     * returns the nanoseconds since the process was started.
     */
    long awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = null;
        URI readyz = URI.create(url() + "/readyz");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " before it was ready: "
                        + logTail());
            }
            if (client == null) {
                try {
                    tls = AdminTls.load(dataDir);
                    client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(1)).build();
                } catch (IOException | java.security.GeneralSecurityException notWrittenYet) {
                    Thread.sleep(2);
                    continue;
                }
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().trim().equals("ok")) {
                    long elapsed = System.nanoTime() - startedNanos;
                    client.close();
                    return elapsed;
                }
            } catch (IOException notListeningYet) {
                // the port is not bound yet
            }
            // Every 10 ms: a tighter loop spends CPU the starting server would otherwise have on two cores.
            Thread.sleep(10);
        }
        throw new IOException("the server was not ready within " + timeout + ": " + logTail());
    }

    String url() {
        return "https://127.0.0.1:" + port;
    }

    SSLContext tls() {
        return tls;
    }

    /** CPU time the server process has used so far (all threads), in nanoseconds; 0 if unknown. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size of the server process, in bytes, from /proc. */
    long rssBytes() throws IOException {
        return ProcessMemory.rssBytes(pid());
    }

    /** Heap in use after a full collection, in bytes, asked of the server's JVM through jcmd. */
    long heapAfterGcBytes() throws IOException, InterruptedException {
        return ProcessMemory.heapAfterGcBytes(pid());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (the server closes its store), then SIGKILL if it has not exited after 15 s. */
    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    /** Stops the server, waiting up to {@code grace} for it to exit by itself (it may write an archive). */
    public void close(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
