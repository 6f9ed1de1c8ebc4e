package dev.jube.apiserver.watchcache;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * One API watch fed by the cache: its prefix and filter, and a queue its reader drains. A reader
 * that falls more than {@code limit} items behind is ended, as upstream ends slow watchers.
 */
public final class CacheWatcher implements AutoCloseable {

    private final WatchCache cache;
    private final String prefix;
    private final Predicate<ObjectNode> filter;
    private final long fromRevision;
    private final int limit;
    private final boolean wantsProgress;
    private final LinkedBlockingDeque<WatchItem> queue = new LinkedBlockingDeque<>();
    private volatile boolean ended;

    CacheWatcher(WatchCache cache, String prefix, Predicate<ObjectNode> filter, long fromRevision, int limit,
                 boolean wantsProgress) {
        this.cache = cache;
        this.prefix = prefix;
        this.filter = filter;
        this.fromRevision = fromRevision;
        this.limit = limit;
        this.wantsProgress = wantsProgress;
    }

    /** The next item, or null when none arrived within the timeout. */
    public WatchItem poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    boolean wantsProgress() {
        return wantsProgress && !ended;
    }

    void initial(CachedObject obj) {
        queue.add(new WatchItem.Event("ADDED", obj));
    }

    void progress(long revision) {
        if (!ended) {
            offer(new WatchItem.Progress(revision));
        }
    }

    /** Called by the cache, in revision order, for every change. */
    void dispatch(CacheEvent e) {
        if (ended || e.revision() <= fromRevision || !e.key().startsWith(prefix)) {
            return;
        }
        boolean was = e.previous() != null && e.type() != CacheEvent.Type.ADDED && filter.test(e.previous().object());
        boolean is = e.type() != CacheEvent.Type.DELETED && filter.test(e.object().object());
        if (was && is) {
            offer(new WatchItem.Event("MODIFIED", e.object()));
        } else if (is) {
            offer(new WatchItem.Event("ADDED", e.object()));
        } else if (was) {
            offer(new WatchItem.Event("DELETED", e.object()));
        }
    }

    private void offer(WatchItem item) {
        if (queue.size() >= limit) {
            end("watcher fell too far behind");
            return;
        }
        queue.add(item);
    }

    void end(String reason) {
        if (!ended) {
            ended = true;
            queue.clear();
            queue.add(new WatchItem.Ended(reason));
        }
    }

    @Override
    public void close() {
        ended = true;
        cache.remove(this);
    }
}
