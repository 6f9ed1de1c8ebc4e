package dev.jube.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Prints the API server table: {@code jube server} started as a child process on loopback and
 * driven over HTTPS with the admin client certificate (JDK HttpClient, HTTP/2, one connection
 * per client). Usage: {@code ApiServerBench [path/to/jube.jar [startup] [load] [list]]}.
 */
public final class ApiServerBench {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_TIME = Duration.ofSeconds(5);
    private static final int[] CONCURRENCY = {1, 16, 64};
    private static final int PACED_RATE = 500;
    private static final int PACED_COUNT = 10_000;
    private static final int PACED_LAG = 50;
    private static final int WATCHERS = 1_000;
    private static final int WATCH_ROUNDS = 10;
    private static final int STORED_PODS = 30_000;
    private static final int LISTED_PODS = 10_000;
    private static final int LIST_REPEATS = 5;

    /** Servers still running, stopped by the shutdown hook if the benchmark is interrupted. */
    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

    private final Path jar;
    private final Path work;
    private final Report report = new Report();
    /** The class-data archive flags, as the launcher gives them once its first server has exited. */
    private List<String> classData = List.of();
    private String cacheName = "start-up cache";

    private ApiServerBench(Path jar, Path work) {
        this.jar = jar;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/jube.jar");
        // Optional further arguments pick sections (startup, load, list); none runs all.
        Set<String> sections = args.length > 1 ? Set.of(Arrays.copyOfRange(args, 1, args.length))
                : Set.of("startup", "load", "list");
        if (!Files.isRegularFile(jar)) {
            System.err.println("no server jar at " + jar + " (build it: mvn -pl cli -am package)");
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServerProcess::close)));
        Path work = Files.createTempDirectory("jube-apiserver-bench");
        ApiServerBench bench = new ApiServerBench(jar, work);
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        Exception failure = null;
        try {
            if (sections.contains("startup")) {
                bench.startup();
            }
            if (sections.contains("load")) {
                bench.throughputLatencyAndWatch();
            }
            if (sections.contains("list")) {
                bench.listAndMemory();
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            RUNNING.forEach(ServerProcess::close);
            delete(work);
        }
        bench.report.print();
        System.out.printf("%nclient: JDK HttpClient, HTTP/2 over TLS, admin client certificate, one connection per "
                + "client; server: java %s-jar %s server --disable-scheduler --disable-controller-manager (default heap)%n",
                String.join(" ", serverJvmFlags()) + (serverJvmFlags().isEmpty() ? "" : " "), jar.getFileName());
        System.out.printf("machine: %d cores, java %s; load average before %s, after %s; run took %.0f s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadBefore, loadAverage(),
                (System.nanoTime() - t0) / 1e9);
        if (failure != null) {
            System.out.println("\nthe benchmark stopped early (rows above were measured):");
            failure.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private ServerProcess start(String name) throws IOException {
        return start(name, classData);
    }

    private ServerProcess start(String name, List<String> cds) throws IOException {
        Path dir = work.resolve(name);
        List<String> flags = new ArrayList<>(cds);
        flags.addAll(serverJvmFlags());
        ServerProcess server = ServerProcess.start(jar, dir, work.resolve(name + "-" + System.nanoTime() + ".log"),
                flags);
        RUNNING.add(server);
        return server;
    }

    /**
     * The JVM flags the launcher gives the server ({@code JUBE_JVM_FLAGS} and
     * {@code JUBE_SERVER_JVM_DEFAULTS}, set by scripts/lib.sh).
     */
    static List<String> serverJvmFlags() {
        String flags = (System.getenv().getOrDefault("JUBE_JVM_FLAGS", "") + " "
                + System.getenv().getOrDefault("JUBE_SERVER_JVM_DEFAULTS", "")).strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    private void stop(ServerProcess server) {
        server.close();
        RUNNING.remove(server);
    }

    /**
     * Process start to /readyz ok: one unreported warm-up (client JIT) that writes the class-data
     * archive as the launcher's first server does, 3 first starts, 5 restarts, all with the archive;
     * then 3 restarts without it.
     */
    private void startup() throws Exception {
        log("startup");
        // The launcher's start-up cache: JDK 25's AOT cache, or a class-data archive before it.
        boolean aot = Runtime.version().feature() >= 25;
        Path cache = work.resolve(aot ? "jube.aot" : "jube.jsa");
        List<String> quiet = List.of(aot ? "-Xlog:aot=off,cds=off" : "-Xlog:cds=off,cds+dynamic=off");
        ServerProcess warm = start("warm-up", concat(List.of((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=")
                + cache), quiet));
        try {
            warm.awaitReady(READY_TIMEOUT);
        } finally {
            // Writing the cache at exit takes several seconds on a busy machine.
            warm.close(Duration.ofMinutes(2));
            RUNNING.remove(warm);
        }
        List<String> withCache = concat(List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache), quiet);
        classData = Files.isRegularFile(cache) ? withCache : List.of();
        cacheName = aot ? "AOT cache" : "class-data archive";
        if (classData.isEmpty()) {
            System.err.println("... no " + cacheName + " was written; starts are measured without one");
        }
        double[] first = new double[3];
        for (int i = 0; i < first.length; i++) {
            ServerProcess s = start("first-" + i);
            try {
                first[i] = s.awaitReady(READY_TIMEOUT) / 1e6;
            } finally {
                stop(s);
            }
        }
        double[] restart = new double[5];
        for (int i = 0; i < restart.length; i++) {
            ServerProcess s = start("first-0");
            try {
                restart[i] = s.awaitReady(READY_TIMEOUT) / 1e6;
            } finally {
                stop(s);
            }
        }
        double[] plain = new double[3];
        for (int i = 0; i < plain.length; i++) {
            ServerProcess s = start("first-0", List.of());
            try {
                plain[i] = s.awaitReady(READY_TIMEOUT) / 1e6;
            } finally {
                stop(s);
            }
        }
        String archive = classData.isEmpty() ? "no " + cacheName : cacheName;
        report.row("ready after process start, first start (new certificates), " + archive + ", median of 3 (ms)",
                fmt(Stats.median(first)) + "  (all: " + all(first) + ")", "< 1,000");
        report.row("ready after process start, restart, " + archive + ", median of 5 (ms)",
                fmt(Stats.median(restart)) + "  (all: " + all(restart) + ")", "< 1,000");
        report.row("ready after process start, restart, no start-up cache, median of 3 (ms)",
                fmt(Stats.median(plain)) + "  (all: " + all(plain) + ")", "");
    }

    private void throughputLatencyAndWatch() throws Exception {
        ServerProcess server = start("load");
        List<ApiClient> clients = new ArrayList<>();
        try {
            server.awaitReady(READY_TIMEOUT);
            for (int i = 0; i < 64; i++) {
                clients.add(new ApiClient(server.url(), server.tls()));
            }
            ApiClient admin = clients.getFirst();
            for (String ns : List.of("bench-configmaps", "bench-pods", "paced", "fanout", "warm-up")) {
                admin.expectOk(admin.request("POST", "/api/v1/namespaces", ApiClient.JSON, Bodies.namespace(ns)),
                        false);
            }
            for (ApiClient c : clients) {
                c.expectOk(c.request("GET", "/api/v1/namespaces/default", null, null), false);
            }
            log("warm-up load");
            ClosedLoopLoad.run(clients, 16, Duration.ofSeconds(4), (c, w, seq) -> c.request("POST",
                    "/api/v1/namespaces/warm-up/configmaps", ApiClient.JSON, Bodies.configMap("w-" + w + "-" + seq)));

            throughput(clients, "ConfigMap", "bench-configmaps", "configmaps", Bodies::configMap);
            throughput(clients, "Pod", "bench-pods", "pods", Bodies::pod);

            log("paced writes");
            for (int i = 0; i < 2 * PACED_LAG; i++) {
                admin.expectOk(admin.request("POST", "/api/v1/namespaces/paced/configmaps", ApiClient.JSON,
                        Bodies.configMap("seed-" + i)), false);
            }
            OpenLoopLoad.Result paced = OpenLoopLoad.run(clients.subList(0, 8), PACED_RATE, PACED_COUNT,
                    ApiServerBench::pacedMutation);
            report.row(String.format("mutating calls at %d/s, open loop, %,d calls: p50 (ms)", PACED_RATE,
                    PACED_COUNT), fmt(Stats.median(paced.latenciesMillis())), "");
            report.row("  p99 (ms)", fmt(Stats.percentile(paced.latenciesMillis(), 99)) + String.format(
                    "  (max %s, errors %d, sent at %.0f/s)", fmt(Stats.percentile(paced.latenciesMillis(), 100)),
                    paced.errors(), paced.achievedPerSecond()) + errorNote(paced.firstError()), "< 25");

            log("watch fan-out");
            List<ApiClient> watchClients = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    watchClients.add(new ApiClient(server.url(), server.tls()));
                }
                WatchFanout.Result fan = WatchFanout.run(watchClients, admin, "fanout", WATCHERS, WATCH_ROUNDS);
                report.row(String.format("watch delivery, %,d watchers, %d writes: p50 (ms)", fan.watchers(),
                        fan.rounds()), fmt(Stats.median(fan.delaysMillis())), "");
                report.row("  p99 (ms)", fmt(Stats.percentile(fan.delaysMillis(), 99))
                        + String.format("  (max %s, missed %d of %,d)", fmt(Stats.percentile(fan.delaysMillis(), 100)),
                        fan.missed(), (long) fan.watchers() * fan.rounds()), "");
            } finally {
                watchClients.forEach(ApiClient::close);
            }
        } finally {
            clients.forEach(ApiClient::close);
            stop(server);
        }
    }

    /**
     * A third each: create a ConfigMap, merge-patch the one created {@link #PACED_LAG} groups earlier,
     * delete the one created twice that long ago (until those exist, patch pre-created seeds). No two
     * calls in flight touch the same object, so every error is the server's.
     */
    private static HttpRequest pacedMutation(ApiClient c, long seq) {
        long group = seq / 3;
        String base = "/api/v1/namespaces/paced/configmaps";
        String patched = group >= PACED_LAG ? "p-" + (group - PACED_LAG) : "seed-" + group;
        String deleted = group >= 2 * PACED_LAG ? "p-" + (group - 2 * PACED_LAG) : null;
        return switch ((int) (seq % 3)) {
            case 0 -> c.request("POST", base, ApiClient.JSON, Bodies.configMap("p-" + group));
            case 1 -> c.request("PATCH", base + "/" + patched, ApiClient.MERGE_PATCH, Bodies.dataPatch(seq));
            default -> deleted != null ? c.request("DELETE", base + "/" + deleted, null, null)
                    : c.request("PATCH", base + "/seed-" + (PACED_LAG + group % PACED_LAG), ApiClient.MERGE_PATCH,
                            Bodies.dataPatch(seq));
        };
    }

    private interface Body {
        String of(String name);
    }

    private void throughput(List<ApiClient> clients, String kind, String ns, String resource, Body body)
            throws Exception {
        String base = "/api/v1/namespaces/" + ns + "/" + resource;
        List<String> creates = new ArrayList<>();
        for (int c : CONCURRENCY) {
            log(kind + " creates, " + c + " clients");
            ClosedLoopLoad.Result r = ClosedLoopLoad.run(clients, c, LOAD_TIME, (cl, w, seq) ->
                    cl.request("POST", base, ApiClient.JSON, body.of("c" + c + "-" + w + "-" + seq)));
            creates.add(rate(r));
        }
        int pool = 256;
        AtomicInteger next = new AtomicInteger();
        ClosedLoopLoad.run(clients, 16, Duration.ofMinutes(1), (cl, w, seq) -> {
            int i = next.getAndIncrement();
            return i < pool ? cl.request("POST", base, ApiClient.JSON, body.of("get-" + i)) : null;
        });
        List<String> gets = new ArrayList<>();
        for (int c : CONCURRENCY) {
            log(kind + " gets, " + c + " clients");
            ClosedLoopLoad.Result r = ClosedLoopLoad.run(clients, c, LOAD_TIME, (cl, w, seq) ->
                    cl.request("GET", base + "/get-" + ThreadLocalRandom.current().nextInt(pool), null, null));
            gets.add(rate(r));
        }
        report.row(kind + " creates/s, 1 / 16 / 64 clients", String.join(" / ", creates), ">= 3,000");
        report.row(kind + " gets/s, 1 / 16 / 64 clients", String.join(" / ", gets), "");
    }

    private void listAndMemory() throws Exception {
        ServerProcess server = start("stored");
        List<ApiClient> clients = new ArrayList<>();
        try {
            server.awaitReady(READY_TIMEOUT);
            for (int i = 0; i < 64; i++) {
                clients.add(new ApiClient(server.url(), server.tls()));
            }
            ApiClient admin = clients.getFirst();
            int namespaces = STORED_PODS / LISTED_PODS;
            for (int n = 0; n < namespaces; n++) {
                admin.expectOk(admin.request("POST", "/api/v1/namespaces", ApiClient.JSON,
                        Bodies.namespace("pods-" + n)), false);
            }
            log("storing " + STORED_PODS + " pods");
            AtomicInteger next = new AtomicInteger();
            ClosedLoopLoad.Result load = ClosedLoopLoad.run(clients, 64, Duration.ofMinutes(4), (cl, w, seq) -> {
                int i = next.getAndIncrement();
                return i < STORED_PODS ? cl.request("POST", "/api/v1/namespaces/pods-" + (i % namespaces) + "/pods",
                        ApiClient.JSON, Bodies.pod("pod-" + i)) : null;
            });
            if (load.ok() != STORED_PODS) {
                throw new IOException("stored " + load.ok() + " of " + STORED_PODS + " pods: " + load.firstError());
            }
            report.row(String.format("Pod creates/s while storing %,d pods, 64 clients", STORED_PODS), rate(load), "");

            log("lists");
            String path = "/api/v1/namespaces/pods-0/pods";
            double[] json = listMillis(server, admin, path, ApiClient.JSON, "\"uid\":");
            double[] table = listMillis(server, admin, path, ApiClient.TABLE, "\"cells\":");
            report.row(String.format("LIST %,d pods, JSON, median of %d (ms)", LISTED_PODS, LIST_REPEATS),
                    fmt(json[0]) + String.format("  (server CPU %s ms per LIST)", fmt(json[1])), "< 200");
            report.row(String.format("LIST %,d pods, as=Table, median of %d (ms)", LISTED_PODS, LIST_REPEATS),
                    fmt(table[0]) + String.format("  (server CPU %s ms per LIST)", fmt(table[1])), "< 200");

            log("memory");
            clients.forEach(ApiClient::close);
            clients.clear();
            report.row(String.format("server heap after full GC, %,d pods stored (MB)", STORED_PODS),
                    fmt(server.heapAfterGcBytes() / 1e6), "< 512");
            report.row(String.format("server RSS, %,d pods stored (MB)", STORED_PODS), fmt(server.rssBytes() / 1e6),
                    "");
        } finally {
            clients.forEach(ApiClient::close);
            stop(server);
        }
    }

    /**
     * Median time to receive the whole list, after one unmeasured call, and the server's mean CPU
     * time per list (less sensitive to other load on the machine); checks the item count.
     */
    private static double[] listMillis(ServerProcess server, ApiClient client, String path, String accept,
                                       String perItem) throws Exception {
        double[] millis = new double[LIST_REPEATS];
        long cpu0 = 0;
        for (int i = -1; i < LIST_REPEATS; i++) {
            HttpRequest req = HttpRequest.newBuilder(client.uri(path)).header("Accept", accept).GET()
                    .timeout(Duration.ofSeconds(60)).build();
            long t0 = System.nanoTime();
            if (i == 0) {
                cpu0 = server.cpuNanos();
            }
            HttpResponse<String> r = client.http().send(req, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IOException("LIST " + path + " answered " + r.statusCode());
            }
            int items = count(r.body(), perItem);
            if (items != LISTED_PODS) {
                throw new IOException("LIST " + path + " (" + accept + ") returned " + items + " items");
            }
            if (i >= 0) {
                millis[i] = elapsed / 1e6;
            }
        }
        return new double[] {Stats.median(millis), (server.cpuNanos() - cpu0) / 1e6 / LIST_REPEATS};
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String rate(ClosedLoopLoad.Result r) {
        return String.format("%,.0f", r.perSecond()) + (r.errors() > 0 ? " (" + r.errors() + " errors: "
                + r.firstError() + ")" : "");
    }

    private static String errorNote(String firstError) {
        return firstError == null ? "" : " first error: " + firstError;
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
    }

    private static String all(double[] values) {
        List<String> s = new ArrayList<>();
        for (double v : values) {
            s.add(String.format("%.0f", v));
        }
        return String.join(", ", s);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String phase) {
        System.err.println("... " + phase);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The printed table: measurement, result, goal. */
    private static final class Report {
        private final List<String[]> rows = new ArrayList<>();

        void row(String what, String result, String goal) {
            rows.add(new String[] {what, result, goal});
        }

        void print() {
            int w0 = "measurement".length();
            int w1 = "result".length();
            for (String[] r : rows) {
                w0 = Math.max(w0, r[0].length());
                w1 = Math.max(w1, r[1].length());
            }
            String format = "| %-" + w0 + "s | %-" + w1 + "s | %-8s |%n";
            System.out.printf(format, "measurement", "result", "goal");
            System.out.println("|" + "-".repeat(w0 + 2) + "|" + "-".repeat(w1 + 2) + "|" + "-".repeat(10) + "|");
            for (String[] r : rows) {
                System.out.printf(format, (Object[]) r);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
