package dev.jube.scheduler.framework;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * Runs per-node work on a bounded pool: the calling thread plus up to {@code parallelism - 1}
 * pool threads take indexes from a shared counter until all are done or the work says stop.
 */
public final class Parallelizer {

    private final ExecutorService pool;
    private final int parallelism;

    /** @param pool null (or parallelism 1) runs everything on the calling thread */
    public Parallelizer(ExecutorService pool, int parallelism) {
        this.pool = pool;
        this.parallelism = pool == null ? 1 : Math.max(1, parallelism);
    }

    public static Parallelizer sequential() {
        return new Parallelizer(null, 1);
    }

    /**
     * Calls {@code work} for indexes 0..n-1 (in any order) until it returns false once. Returns
     * once every index taken is done; helpers the pool had not started yet by then find nothing
     * left and are not waited for (on a busy machine, waking them would cost more than the work).
     * Indexes are taken in chunks (upstream's size: the square root of n), so that the threads do
     * not contend for the shared counters on every index.
     */
    public void until(int n, IntPredicate work) {
        int chunk = chunkSize(n, parallelism);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            busy.incrementAndGet();
            try {
                while (!stop.get()) {
                    int from = next.getAndAdd(chunk);
                    if (from >= n) {
                        return;
                    }
                    int to = Math.min(n, from + chunk);
                    for (int i = from; i < to; i++) {
                        if (!work.test(i)) {
                            stop.set(true);
                            return;
                        }
                        if (stop.get()) {
                            return;
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                stop.set(true);
            } finally {
                busy.decrementAndGet();
            }
        };
        int helpers = Math.min(parallelism, (n + chunk - 1) / chunk) - 1;
        if (helpers <= 0) {
            worker.run();
        } else {
            for (int h = 0; h < helpers; h++) {
                pool.execute(worker);
            }
            worker.run();
            // No index is left to take (or the work said stop): helpers starting now find nothing.
            // Wait for those mid-chunk.
            while (busy.get() > 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /** Upstream's chunk size: the square root of n, at most an even share per thread, at least 1. */
    static int chunkSize(int n, int parallelism) {
        int s = (int) Math.sqrt(n);
        int share = n / parallelism + 1;
        return Math.max(1, Math.min(s, share));
    }

    /** Calls {@code work} for every index 0..n-1. */
    public void forEach(int n, java.util.function.IntConsumer work) {
        until(n, i -> {
            work.accept(i);
            return true;
        });
    }
}
