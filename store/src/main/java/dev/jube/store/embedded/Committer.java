package dev.jube.store.embedded;

import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every queued write, applies them in order (each sees the ones
 * before it), writes them as one MVStore chunk, fsyncs once, and only then publishes the new
 * {@link View} to readers, answers the writers and hands the changes to the watches.
 */
final class Committer {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_BATCH = 1024;
    private static final long REWRITE_EVERY_NANOS = 200_000_000L;
    private static final long REWRITE_AT_LATEST_NANOS = 2_000_000_000L;

    /** A queued write and the answer its caller waits for. */
    private static final class Pending<T> {
        final Function<Applier, T> action;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Pending(Function<Applier, T> action) {
            this.action = action;
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    private static final Pending<Void> STOP = new Pending<>(a -> null);

    private final StoreFile file;
    private final Applier applier;
    private final WatchHub watches;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile View snapshot;
    private volatile StoreException stopped;
    private long lastRewrite = System.nanoTime();
    private boolean wroteSinceRewrite;

    Committer(StoreFile file, Applier applier, WatchHub watches) {
        this.file = file;
        this.applier = applier;
        this.watches = watches;
        this.snapshot = applier.liveView();
        this.thread = Thread.ofPlatform().name("jube-store-committer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The newest durable state. */
    View snapshot() {
        return snapshot;
    }

    <T> CompletableFuture<T> submit(Function<Applier, T> action) {
        StoreException reason = stopped;
        if (reason != null) {
            return CompletableFuture.failedFuture(reason);
        }
        Pending<T> pending = new Pending<>(action);
        queue.add(pending);
        if (stopped != null) {
            failQueued(); // raced with the committer's exit: nobody else will answer it
        }
        return pending.future;
    }

    /** Finishes the queued writes, then stops. */
    void stop() {
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        boolean running = true;
        try {
            while (running) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                running = !batch.remove(STOP);
                commit(batch);
            }
            stopped = new StoreUnavailableException("the store at " + file.path().getParent() + " is closed", null);
        } catch (InterruptedException e) {
            stopped = new StoreUnavailableException("the store's committer was interrupted", e);
            fail(batch, stopped);
        } catch (RuntimeException | Error e) {
            LOG.error("The store at {} failed and stopped accepting requests", file.path(), e);
            stopped = new StoreUnavailableException("the store at " + file.path().getParent() + " failed: " + e, e);
            fail(batch, stopped);
            file.closeAfterFailure();
            watches.closeAll(stopped);
        }
        failQueued();
    }

    private void commit(List<Pending<?>> batch) {
        for (Pending<?> pending : batch) {
            apply(pending);
        }
        List<Change> changes = applier.finishBatch();
        if (changes != null) {
            file.commitDurably();
            snapshot = applier.liveView();
            wroteSinceRewrite = true;
        }
        if (changes != null && !changes.isEmpty()) {
            // Before answering: a watch a caller starts "from now" after its write must not get it.
            watches.publish(changes);
        }
        for (Pending<?> pending : batch) {
            pending.complete();
        }
        // A rewrite round holds up the writes queued behind it: it waits for a moment without
        // any, unless it has already waited too long.
        long sinceRewrite = System.nanoTime() - lastRewrite;
        if (wroteSinceRewrite && sinceRewrite > REWRITE_EVERY_NANOS
                && (queue.isEmpty() || sinceRewrite > REWRITE_AT_LATEST_NANOS)) {
            file.rewriteSparseChunks();
            lastRewrite = System.nanoTime();
            wroteSinceRewrite = false;
        }
    }

    private <T> void apply(Pending<T> pending) {
        long before = applier.mutations();
        try {
            pending.result = pending.action.apply(applier);
        } catch (StoreException e) {
            if (applier.mutations() != before) {
                throw new IllegalStateException("a write failed half-way; stopping to keep the file consistent", e);
            }
            pending.failure = e;
        }
    }

    private static void fail(List<Pending<?>> batch, StoreException reason) {
        for (Pending<?> pending : batch) {
            pending.future.completeExceptionally(reason);
        }
    }

    private void failQueued() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        fail(left, stopped);
    }
}
