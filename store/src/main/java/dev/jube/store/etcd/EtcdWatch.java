package dev.jube.store.etcd;

import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One store watch over a jetcd watcher. jetcd may batch several revisions into one response; they
 * are split here into one delivery per revision, all on this watch's own thread, so a slow
 * listener never blocks the client's event loop and calls never overlap.
 *
 * <p>When the stream breaks (a member dies, the connection drops) the watch is reopened here from
 * the revision after the last one delivered, rather than left to jetcd: jetcd resumes from the
 * revision etcd reported when the watch was created, which skips history that was still being
 * replayed.
 */
final class EtcdWatch implements Watch {

    /** Opens a jetcd watcher from a revision; the store supplies key, range and options. */
    interface Opener {
        io.etcd.jetcd.Watch.Watcher open(long startRevision, io.etcd.jetcd.Watch.Listener listener);
    }

    private static final AtomicLong IDS = new AtomicLong();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final long startRevision;
    private final Opener opener;
    private final WatchListener listener;
    private final Function<io.etcd.jetcd.watch.WatchEvent, WatchEvent> convert;
    private final Function<Throwable, StoreException> errors;
    private final Consumer<EtcdWatch> onClose;
    private final Duration giveUpAfter;
    private final ExecutorService delivery;
    private final Object lock = new Object();

    private io.etcd.jetcd.Watch.Watcher watcher;
    private long generation;
    private long failingSinceNanos;
    private Duration backoff = Duration.ofMillis(100);
    /** No more input: closed by the user or ended by an error. */
    private volatile boolean closed;
    /** Closed by the user: queued deliveries are dropped too. */
    private volatile boolean stopped;
    private volatile long lastRevision;

    EtcdWatch(long startRevision, Opener opener, WatchListener listener,
            Function<io.etcd.jetcd.watch.WatchEvent, WatchEvent> convert, Function<Throwable, StoreException> errors,
            Consumer<EtcdWatch> onClose, Duration giveUpAfter) {
        this.startRevision = startRevision;
        this.opener = opener;
        this.listener = listener;
        this.convert = convert;
        this.errors = errors;
        this.onClose = onClose;
        this.giveUpAfter = giveUpAfter;
        this.delivery = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("etcd-watch-" + IDS.incrementAndGet()).factory());
    }

    /** Opens (or reopens) the jetcd watcher after the last delivered revision. */
    void open() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long gen = ++generation;
            long from = Math.max(startRevision, lastRevision + 1);
            watcher = opener.open(from, jetcdListener(gen));
        }
    }

    private io.etcd.jetcd.Watch.Listener jetcdListener(long gen) {
        return new io.etcd.jetcd.Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                if (current(gen)) {
                    received(response);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (current(gen)) {
                    broken(gen, error);
                }
            }

            @Override
            public void onCompleted() {
                // Only after our own close.
            }
        };
    }

    private boolean current(long gen) {
        synchronized (lock) {
            return !closed && gen == generation;
        }
    }

    private void received(WatchResponse response) {
        if (response.isCreatedNotify()) {
            synchronized (lock) {
                failingSinceNanos = 0;
                backoff = Duration.ofMillis(100);
            }
        }
        List<io.etcd.jetcd.watch.WatchEvent> events = response.getEvents();
        if (events.isEmpty()) {
            return;
        }
        List<WatchEvent> batch = new ArrayList<>();
        long batchRevision = -1;
        for (io.etcd.jetcd.watch.WatchEvent e : events) {
            WatchEvent event = convert.apply(e);
            if (event.revision() != batchRevision && !batch.isEmpty()) {
                deliver(List.copyOf(batch));
                batch.clear();
            }
            batchRevision = event.revision();
            batch.add(event);
        }
        deliver(List.copyOf(batch));
    }

    private void deliver(List<WatchEvent> batch) {
        long revision = batch.getFirst().revision();
        if (revision <= lastRevision) {
            return;
        }
        lastRevision = revision;
        submit(() -> {
            if (!stopped) {
                listener.onEvents(batch);
            }
        });
    }

    /** The jetcd stream failed: reopen it if the failure is transient, else end the watch. */
    private void broken(long gen, Throwable error) {
        if (!EtcdError.isTransient(error)) {
            failed(errors.apply(error));
            return;
        }
        Duration delay;
        synchronized (lock) {
            // Our own reopen replaces jetcd's: close its watcher so it does not resume too.
            watcher.close();
            long now = System.nanoTime();
            if (failingSinceNanos == 0) {
                failingSinceNanos = now;
                giveUpUnlessReopened(now, error);
            } else if (now - failingSinceNanos > giveUpAfter.toNanos()) {
                failed(new StoreUnavailableException(
                        "the etcd watch could not be re-established within " + giveUpAfter, error));
                return;
            }
            delay = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        CompletableFuture.runAsync(() -> {
            if (current(gen)) {
                try {
                    open();
                } catch (RuntimeException e) {
                    broken(gen, e);
                }
            }
        }, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * A reopened watch may also just wait for a member that never comes back, without any error:
     * if it is not confirmed by etcd in time, the watch ends as unavailable.
     */
    private void giveUpUnlessReopened(long failingSince, Throwable cause) {
        CompletableFuture.runAsync(() -> {
            synchronized (lock) {
                if (closed || failingSinceNanos != failingSince) {
                    return;
                }
            }
            failed(new StoreUnavailableException(
                    "the etcd watch could not be re-established within " + giveUpAfter, cause));
        }, CompletableFuture.delayedExecutor(giveUpAfter.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void failed(StoreException error) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        submit(() -> listener.onError(error));
        release();
    }

    private void submit(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: deliveries are over.
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                stopped = true;
                return;
            }
            closed = true;
            stopped = true;
        }
        release();
    }

    private void release() {
        io.etcd.jetcd.Watch.Watcher w;
        synchronized (lock) {
            w = watcher;
        }
        if (w != null) {
            w.close();
        }
        // Queued deliveries still run (the error, if any, is last); events check the closed flag.
        delivery.shutdown();
        onClose.accept(this);
    }
}
