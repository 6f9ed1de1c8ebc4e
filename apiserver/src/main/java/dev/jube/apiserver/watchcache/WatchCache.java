package dev.jube.apiserver.watchcache;

import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.store.KeyValue;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.Store;
import dev.jube.store.StoreException;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One storage watch on {@code /registry/} feeding the latest state of every object and a bounded
 * window of recent events. Lists at the latest revision and every API watch are served from here,
 * so N watchers cost one storage stream. All changes and subscriptions happen under one lock, so a
 * new watcher sees exactly the events after the state it started from.
 */
public final class WatchCache implements AutoCloseable {

    public static final String PREFIX = "/registry/";
    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);

    private final Store store;
    private final int windowSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final TreeMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<CacheEvent> window = new ArrayDeque<>();
    private final List<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private long revision;
    /** Every event after this revision is in the window. */
    private long windowStart;
    private boolean ready;
    private boolean closed;
    private Watch storeWatch;
    private long generation;

    public WatchCache(Store store, int windowSize, Duration progressInterval) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be positive");
        }
        this.store = store;
        this.windowSize = windowSize;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("watch-cache-progress").factory());
        long ms = Math.max(10, progressInterval.toMillis());
        timer.scheduleAtFixedRate(this::sendProgress, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Loads the current state and starts the storage watch. */
    public void start() {
        lock.lock();
        try {
            load();
        } finally {
            lock.unlock();
        }
    }

    private void load() {
        RangeResponse all = store.range(RangeRequest.prefix(PREFIX));
        objects.clear();
        window.clear();
        for (KeyValue kv : all.kvs()) {
            CachedObject obj = decode(kv);
            if (obj != null) {
                objects.put(kv.key(), obj);
            }
        }
        revision = all.revision();
        windowStart = revision;
        long myGeneration = ++generation;
        storeWatch = store.watch(WatchRequest.prefix(PREFIX).fromRevision(revision + 1), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                apply(events, myGeneration);
            }

            @Override
            public void onError(StoreException error) {
                restart(error, myGeneration);
            }
        });
        ready = true;
        advanced.signalAll();
    }

    private void apply(List<WatchEvent> events, long fromGeneration) {
        // Decoded before taking the lock, which readers (lists, admission lookups) share.
        CachedObject[] decoded = new CachedObject[events.size()];
        for (int i = 0; i < decoded.length; i++) {
            if (events.get(i).type() == WatchEvent.Type.PUT) {
                decoded[i] = decode(events.get(i).kv());
            }
        }
        lock.lock();
        try {
            if (closed || fromGeneration != generation) {
                return;
            }
            for (int i = 0; i < decoded.length; i++) {
                WatchEvent e = events.get(i);
                String key = e.kv().key();
                CachedObject prev = objects.get(key);
                CacheEvent ce;
                if (e.type() == WatchEvent.Type.PUT) {
                    CachedObject cur = decoded[i];
                    if (cur == null) {
                        continue;
                    }
                    objects.put(key, cur);
                    ce = new CacheEvent(prev == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED, key, cur, prev,
                            e.revision());
                } else {
                    objects.remove(key);
                    if (prev == null) {
                        continue;
                    }
                    ce = new CacheEvent(CacheEvent.Type.DELETED, key, prev.atRevision(e.revision()), prev, e.revision());
                }
                window.addLast(ce);
                while (window.size() > windowSize) {
                    windowStart = window.removeFirst().revision();
                }
                for (CacheWatcher w : watchers) {
                    w.dispatch(ce);
                }
            }
            if (!events.isEmpty()) {
                revision = Math.max(revision, events.getLast().revision());
            }
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void restart(StoreException error, long fromGeneration) {
        Thread.ofVirtual().name("watch-cache-restart").start(() -> {
            lock.lock();
            try {
                if (closed || fromGeneration != generation) {
                    return;
                }
                LOG.warn("storage watch ended ({}); reloading the watch cache", error.getMessage());
                ready = false;
                closeStoreWatch();
                for (CacheWatcher w : watchers) {
                    w.end("watch cache restarted");
                }
                watchers.clear();
                while (!closed) {
                    try {
                        load();
                        return;
                    } catch (StoreException e) {
                        LOG.warn("reloading the watch cache failed: {}", e.getMessage());
                        advanced.await(1, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
    }

    private static CachedObject decode(KeyValue kv) {
        try {
            ObjectNode obj = ObjectStorage.decode(kv.value(), kv.modRevision());
            return new CachedObject(kv.key(), obj, kv.modRevision());
        } catch (RuntimeException e) {
            LOG.warn("ignoring undecodable value at {}: {}", kv.key(), e.getMessage());
            return null;
        }
    }

    /** The revision the cache has caught up to. */
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the cache has seen {@code rev}; false on timeout or when the cache is not serving. */
    public boolean waitFor(long rev, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!closed && (!ready || revision < rev)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                advanced.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** The object under {@code key} as the cache last saw it; null when absent or while the cache is not serving. */
    public CachedObject get(String key) {
        lock.lock();
        try {
            return ready ? objects.get(key) : null;
        } finally {
            lock.unlock();
        }
    }

    /** The objects under a prefix and the revision they are current at. */
    public record Snapshot(List<CachedObject> objects, long revision) {}

    public Snapshot snapshot(String prefix) {
        lock.lock();
        try {
            List<CachedObject> list = new ArrayList<>(objects.subMap(prefix, true, prefix + '\uffff', false).values());
            return new Snapshot(list, revision);
        } finally {
            lock.unlock();
        }
    }

    /** Thrown when a watch asks for events older than the window. */
    public static final class TooOldException extends Exception {
        private final long oldest;

        TooOldException(long requested, long oldest) {
            super("too old resource version: " + requested + " (" + oldest + ")");
            this.oldest = oldest;
        }

        public long oldest() {
            return oldest;
        }
    }

    /**
     * Starts a watcher. With {@code fromRevision} negative it first gets an ADDED event for every
     * matching object (the state at the returned revision), then every later change; otherwise
     * the changes after {@code fromRevision}.
     */
    public Subscription watch(String prefix, Predicate<ObjectNode> filter, long fromRevision, int limit,
                              boolean wantsProgress) throws TooOldException {
        lock.lock();
        try {
            if (!ready) {
                throw new IllegalStateException("watch cache is not ready");
            }
            if (fromRevision >= 0 && fromRevision < windowStart) {
                throw new TooOldException(fromRevision, windowStart + 1);
            }
            long start = fromRevision < 0 ? revision : fromRevision;
            CacheWatcher w = new CacheWatcher(this, prefix, filter, start, limit, wantsProgress);
            int initial = 0;
            if (fromRevision < 0) {
                for (CachedObject obj : objects.subMap(prefix, true, prefix + '\uffff', false).values()) {
                    if (filter.test(obj.object())) {
                        w.initial(obj);
                        initial++;
                    }
                }
            } else {
                for (CacheEvent e : window) {
                    w.dispatch(e);
                }
            }
            watchers.add(w);
            return new Subscription(w, start, initial);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A started watcher, the revision its initial state (or replay point) is at, and how many
     * initial ADDED events come first.
     */
    public record Subscription(CacheWatcher watcher, long startRevision, int initialEvents) {}

    void remove(CacheWatcher w) {
        watchers.remove(w);
    }

    public int watcherCount() {
        return watchers.size();
    }

    private void sendProgress() {
        lock.lock();
        try {
            for (CacheWatcher w : watchers) {
                if (w.wantsProgress()) {
                    w.progress(revision);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeStoreWatch() {
        if (storeWatch != null) {
            try {
                storeWatch.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the storage watch failed", e);
            }
            storeWatch = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        lock.lock();
        try {
            closed = true;
            closeStoreWatch();
            for (CacheWatcher w : watchers) {
                w.end("server shutting down");
            }
            watchers.clear();
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
