package dev.jube.scheduler.framework;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
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
     */
    public void until(int n, IntPredicate work) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            while (true) {
                busy.incrementAndGet();
                try {
                    if (stop.get()) {
                        return;
                    }
                    int i = next.getAndIncrement();
                    if (i >= n) {
                        return;
                    }
                    if (!work.test(i)) {
                        stop.set(true);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                    return;
                } finally {
                    busy.decrementAndGet();
                }
            }
        };
        int helpers = Math.min(parallelism, n) - 1;
        if (helpers <= 0) {
            worker.run();
        } else {
            for (int h = 0; h < helpers; h++) {
                pool.execute(worker);
            }
            worker.run();
            // No index is left to take; late helpers see stop and leave. Wait for those mid-work.
            stop.set(true);
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

    /** Calls {@code work} for every index 0..n-1. */
    public void forEach(int n, java.util.function.IntConsumer work) {
        until(n, i -> {
            work.accept(i);
            return true;
        });
    }
}
