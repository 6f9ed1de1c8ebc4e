package dev.jube.bench;

import dev.jube.store.Store;
import dev.jube.store.embedded.EmbeddedStore;
import dev.jube.store.etcd.EtcdProcess;
import dev.jube.store.etcd.EtcdStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints the storage table: the embedded store and a real etcd (Debian's etcd-server, default
 * settings, fsync on) side by side, same workload, same machine, one run.
 */
public final class StoreBench {

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("jube-store-bench");
        Map<String, StoreBenchmark.Result> results = new LinkedHashMap<>();
        try {
            Path embeddedDir = work.resolve("embedded");
            try (Store store = EmbeddedStore.open(embeddedDir)) {
                results.put("embedded", new StoreBenchmark(store, () -> sizeOf(embeddedDir)).run());
            }
            Path etcdDir = work.resolve("etcd");
            try (EtcdProcess etcd = EtcdProcess.start(etcdDir);
                    Store store = EtcdStore.connect(EtcdStore.Options.of(etcd.clientUrl().toString()))) {
                results.put("etcd " + etcdVersion(), new StoreBenchmark(store, () -> sizeOf(etcdDir)).run());
            }
        } finally {
            delete(work);
        }
        print(results);
    }

    private static void print(Map<String, StoreBenchmark.Result> results) {
        String[] rows = {
            "sequential writes/s",
            "writes/s, 16 writers",
            "writes/s, 64 writers",
            "range of 10,000 keys (ms)",
            "watch delivery p50 (ms)",
            "watch delivery p99 (ms)",
            "on disk after 100,000 updates (MB)"
        };
        StringBuilder header = new StringBuilder(String.format("| %-36s |", "store (1 KiB values, fsync'd)"));
        StringBuilder rule = new StringBuilder("|" + "-".repeat(38) + "|");
        for (String name : results.keySet()) {
            header.append(String.format(" %14s |", name));
            rule.append("-".repeat(16)).append("|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (int i = 0; i < rows.length; i++) {
            StringBuilder line = new StringBuilder(String.format("| %-36s |", rows[i]));
            for (StoreBenchmark.Result r : results.values()) {
                double v = switch (i) {
                    case 0 -> r.sequentialWritesPerSec();
                    case 1 -> r.writesPerSec16();
                    case 2 -> r.writesPerSec64();
                    case 3 -> r.range10kMillis();
                    case 4 -> r.watchP50Millis();
                    case 5 -> r.watchP99Millis();
                    default -> r.diskBytesAfter100kUpdates() / 1e6;
                };
                line.append(String.format(" %14s |", i <= 2 ? String.format("%,.0f", v) : String.format("%.1f", v)));
            }
            System.out.println(line);
        }
        System.out.printf("%nmachine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
    }

    private static String etcdVersion() {
        try {
            Process p = new ProcessBuilder("etcd", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(13).trim())
                    .findFirst().orElse("");
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a file removed while walking (etcd's WAL rotation)
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
