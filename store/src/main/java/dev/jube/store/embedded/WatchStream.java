package dev.jube.store.embedded;

import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: its own virtual thread delivers to the listener, first the missed revisions read
 * from the changelog, then the batches queued by the committer. A slow listener only lengthens
 * its own queue. Whatever ends the watch other than its owner's close reaches the listener's
 * onError.
 */
final class WatchStream implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
    private static final int CATCH_UP_PAGE = 256;
    private static final Object CLOSE = new Object();

    private final WatchRequest request;
    private final WatchListener listener;
    private final long catchUpTo;
    private final WatchHub.ChangeReader reader;
    private final Consumer<WatchStream> onClose;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long next;
    private volatile boolean closed;

    WatchStream(WatchRequest request, WatchListener listener, long start, long catchUpTo,
            WatchHub.ChangeReader reader, Consumer<WatchStream> onClose) {
        this.request = request;
        this.listener = listener;
        this.next = start;
        this.catchUpTo = catchUpTo;
        this.reader = reader;
        this.onClose = onClose;
        this.thread = Thread.ofVirtual().name("jube-store-watch").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void failAtStart(StoreException error) {
        queue.add(error);
    }

    void offer(List<Change> changes) {
        queue.add(changes);
    }

    void end(StoreException error) {
        queue.add(error);
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
        queue.add(CLOSE);
    }

    private void run() {
        try {
            if (!(queue.peek() instanceof StoreException)) {
                catchUp();
            }
            while (!closed) {
                Object item = queue.take();
                if (item instanceof StoreException error) {
                    finish(error);
                    return;
                }
                if (item instanceof List<?> changes) {
                    for (Object change : changes) {
                        deliver((Change) change);
                    }
                }
            }
        } catch (StoreException e) {
            finish(e);
        } catch (InterruptedException e) {
            finish(new StoreUnavailableException("the watch on " + request.key() + " was interrupted", e));
        } catch (RuntimeException | Error e) {
            // A failure nobody expected must still end the watch visibly: a watch that just stops
            // delivering looks like a quiet key range to its listener, forever.
            LOG.error("The watch on {} failed at revision {}", request.key(), next, e);
            finish(new StoreException("the watch on " + request.key() + " failed at revision " + next + ": " + e, e));
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private void catchUp() {
        while (next <= catchUpTo && !closed) {
            List<Change> page = reader.read(next, catchUpTo, CATCH_UP_PAGE);
            if (page.isEmpty()) {
                if (Math.max(next, StoreFile.INITIAL_REVISION + 1) <= catchUpTo) {
                    throw missing(next, catchUpTo);
                }
                return;
            }
            for (Change change : page) {
                deliver(change);
            }
            next = Math.max(next, page.getLast().revision() + 1);
        }
    }

    private void deliver(Change change) {
        if (change.revision() < next || closed) {
            return;
        }
        if (change.revision() > next && next > StoreFile.INITIAL_REVISION) {
            // Every revision has a change: skipping one would silently lose events.
            throw missing(next, change.revision() - 1);
        }
        next = change.revision() + 1;
        List<WatchEvent> matching = new ArrayList<>();
        for (WatchEvent e : change.events()) {
            if (KeyOrder.inRange(e.kv().key(), request.key(), request.rangeEnd())) {
                matching.add(request.prevKv() ? e : new WatchEvent(e.type(), e.kv(), null));
            }
        }
        if (matching.isEmpty()) {
            return;
        }
        try {
            listener.onEvents(List.copyOf(matching));
        } catch (RuntimeException e) {
            LOG.warn("A watch listener for {} failed on revision {}", request.key(), change.revision(), e);
        }
    }

    private StoreException missing(long from, long to) {
        return new StoreException("the watch on " + request.key() + " cannot deliver revisions " + from + " to " + to
                + ": they are missing from the changelog");
    }

    private void finish(StoreException error) {
        if (closed) {
            return; // closed by its owner, who expects no more calls
        }
        closed = true;
        onClose.accept(this);
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("A watch listener for {} failed in onError", request.key(), e);
        }
    }
}
