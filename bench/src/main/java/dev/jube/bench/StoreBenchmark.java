package dev.jube.bench;

import dev.jube.store.KeyValue;
import dev.jube.store.RangeRequest;
import dev.jube.store.Store;
import dev.jube.store.StoreException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The storage measurements of one backend. Every number comes from the same workload for each
 * backend, run on the same machine in one process, so the table compares like with like.
 */
final class StoreBenchmark {

    /** A Kubernetes object is typically 1-4 KiB of JSON; 1 KiB values keep the store honest. */
    static final int VALUE_BYTES = 1024;

    private final Store store;
    private final LongSupplier diskBytes;

    StoreBenchmark(Store store, LongSupplier diskBytes) {
        this.store = store;
        this.diskBytes = diskBytes;
    }

    record Result(
            double sequentialWritesPerSec,
            double writesPerSec16,
            double writesPerSec64,
            double range10kMillis,
            double watchP50Millis,
            double watchP99Millis,
            long diskBytesAfter100kUpdates) {}

    Result run() throws Exception {
        warmUp();
        double sequential = writesPerSecond(1, 3_000, "/seq/");
        double c16 = writesPerSecond(16, 20_000, "/c16/");
        double c64 = writesPerSecond(64, 30_000, "/c64/");
        double range = rangeMillis(10_000);
        double[] watch = watchLatencyMillis(2_000);
        long disk = diskAfterUpdates(100_000, 1_000);
        return new Result(sequential, c16, c64, range, watch[0], watch[1], disk);
    }

    private void warmUp() throws Exception {
        writesPerSecond(8, 2_000, "/warm/");
        store.range(RangeRequest.prefix("/warm/"));
    }

    private static byte[] value(long n) {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, (byte) 'x');
        ByteBuffer.wrap(v).putLong(n);
        return v;
    }

    /** Total puts spread over {@code writers} threads; each put waits for its acknowledgement. */
    double writesPerSecond(int writers, int total, String prefix) throws Exception {
        AtomicLong next = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (long n; (n = next.getAndIncrement()) < total; ) {
                        store.put(prefix + (n % 5_000), value(n));
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Median time to read a 10,000-key prefix with values. */
    double rangeMillis(int keys) throws Exception {
        String prefix = "/range/";
        int batch = 64;
        try (ExecutorService pool = Executors.newFixedThreadPool(batch)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String key = prefix + String.format("%06d", i);
                byte[] v = value(i);
                futures.add(pool.submit(() -> store.put(key, v)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double[] times = new double[15];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            var response = store.range(RangeRequest.prefix(prefix));
            times[i] = (System.nanoTime() - t0) / 1e6;
            if (response.kvs().size() != keys) {
                throw new IllegalStateException("range returned " + response.kvs().size() + " keys, expected " + keys);
            }
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    /** p50 and p99 of the time from just before a put to its event reaching a watcher. */
    double[] watchLatencyMillis(int events) throws Exception {
        String prefix = "/watch/";
        long[] latencies = new long[events];
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                long now = System.nanoTime();
                for (WatchEvent e : batch) {
                    KeyValue kv = e.kv();
                    long sent = ByteBuffer.wrap(kv.value()).getLong();
                    int i = (int) received.getAndIncrement();
                    if (i < events) {
                        latencies[i] = now - sent;
                    }
                    if (i + 1 == events) {
                        done.countDown();
                    }
                }
            }

            @Override
            public void onError(StoreException error) {
                error.printStackTrace();
                done.countDown();
            }
        };
        try (var watch = store.watch(WatchRequest.prefix(prefix), listener)) {
            for (int i = 0; i < events; i++) {
                store.put(prefix + (i % 100), value(System.nanoTime()));
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("watch delivered " + received.get() + " of " + events + " events");
            }
        }
        Arrays.sort(latencies);
        return new double[] {latencies[events / 2] / 1e6, latencies[(int) (events * 0.99)] / 1e6};
    }

    /** Updates {@code keys} keys round-robin {@code updates} times, then reports the data size. */
    long diskAfterUpdates(int updates, int keys) throws Exception {
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 32; w++) {
                futures.add(pool.submit(() -> {
                    for (long n; (n = next.getAndIncrement()) < updates; ) {
                        store.put("/churn/" + (n % keys), value(n));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return diskBytes.getAsLong();
    }
}
