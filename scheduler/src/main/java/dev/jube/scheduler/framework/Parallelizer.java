package dev.jube.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

    /** Calls {@code work} for indexes 0..n-1 (in any order) until it returns false once. */
    public void until(int n, IntPredicate work) {
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable worker = () -> {
            while (!stop.get()) {
                int i = next.getAndIncrement();
                if (i >= n) {
                    return;
                }
                if (!work.test(i)) {
                    stop.set(true);
                }
            }
        };
        int helpers = Math.min(parallelism, n) - 1;
        if (helpers <= 0) {
            worker.run();
            return;
        }
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            stop.set(true);
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                throw new IllegalStateException("interrupted while waiting for parallel work", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
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
