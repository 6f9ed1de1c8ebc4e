package dev.jube.store.etcd;

import dev.jube.store.StoreException;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One store watch over a jetcd watcher. jetcd may batch several revisions into one response; they
 * are split here into one delivery per revision, all on this watch's own thread, so a slow
 * listener never blocks the client's event loop and calls never overlap.
 */
final class EtcdWatch implements Watch {

    private static final AtomicLong IDS = new AtomicLong();

    private final WatchListener listener;
    private final Function<io.etcd.jetcd.watch.WatchEvent, WatchEvent> convert;
    private final Consumer<EtcdWatch> onClose;
    private final ExecutorService delivery;
    private volatile io.etcd.jetcd.Watch.Watcher watcher;
    private volatile boolean closed;
    private volatile long lastRevision;

    EtcdWatch(WatchListener listener, Function<io.etcd.jetcd.watch.WatchEvent, WatchEvent> convert,
            Consumer<EtcdWatch> onClose) {
        this.listener = listener;
        this.convert = convert;
        this.onClose = onClose;
        this.delivery = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("etcd-watch-" + IDS.incrementAndGet()).factory());
    }

    void attach(io.etcd.jetcd.Watch.Watcher w) {
        this.watcher = w;
        if (closed) {
            w.close();
        }
    }

    /** jetcd's listener: responses arrive in order, on the client's threads. */
    io.etcd.jetcd.Watch.Listener jetcdListener(Function<Throwable, StoreException> errors) {
        return new io.etcd.jetcd.Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                received(response);
            }

            @Override
            public void onError(Throwable error) {
                failed(errors.apply(error));
            }

            @Override
            public void onCompleted() {
                // The watcher was closed by us; nothing to report.
            }
        };
    }

    private void received(WatchResponse response) {
        List<io.etcd.jetcd.watch.WatchEvent> events = response.getEvents();
        if (events.isEmpty() || closed) {
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
        // A reconnecting client may replay a revision it already delivered.
        if (revision <= lastRevision) {
            return;
        }
        lastRevision = revision;
        submit(() -> {
            if (!closed) {
                listener.onEvents(batch);
            }
        });
    }

    private void failed(StoreException error) {
        if (closed) {
            return;
        }
        submit(() -> {
            if (!closed) {
                closed = true;
                listener.onError(error);
                release();
            }
        });
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
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    private void release() {
        io.etcd.jetcd.Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
        delivery.shutdown();
        onClose.accept(this);
    }
}
