package dev.jube.apiserver;

import dev.jube.store.CompactedException;
import dev.jube.store.Compare;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.KeyValue;
import dev.jube.store.Keys;
import dev.jube.store.LeaseGrant;
import dev.jube.store.LeaseNotFoundException;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.RequestTooLargeException;
import dev.jube.store.Store;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test-only {@link Store}: everything under one lock, the whole history kept (compaction only
 * moves the floor), watch events delivered in order on one thread per watch. Just enough etcd
 * semantics for the API server's tests; the real backends live in the store module.
 */
public final class InMemoryStore implements Store {

    private record Change(long revision, String key, KeyValue kv, KeyValue prev) {}

    private final TreeMap<String, KeyValue> current = new TreeMap<>(Keys::compare);
    private final List<Change> history = new ArrayList<>();
    private final List<InMemoryWatch> watches = new ArrayList<>();
    private final Map<Long, Set<String>> leases = new HashMap<>();
    private long revision = 1;
    private long compacted;
    private long nextLease = 1;
    private boolean closed;

    @Override
    public synchronized RangeResponse range(RangeRequest req) {
        checkOpen();
        Map<String, KeyValue> state = stateAt(req.revision());
        List<KeyValue> kvs = new ArrayList<>();
        long count = 0;
        for (Map.Entry<String, KeyValue> e : state.entrySet()) {
            if (!Keys.inRange(e.getKey(), req.key(), req.rangeEnd())) {
                continue;
            }
            count++;
            if (!req.countOnly() && (req.limit() == 0 || kvs.size() < req.limit())) {
                KeyValue kv = e.getValue();
                kvs.add(req.keysOnly() ? new KeyValue(kv.key(), new byte[0], kv.createRevision(), kv.modRevision(),
                        kv.version(), kv.lease()) : kv);
            }
        }
        boolean more = !req.countOnly() && req.limit() > 0 && count > kvs.size();
        return new RangeResponse(revision, kvs, more, count);
    }

    private Map<String, KeyValue> stateAt(long rev) {
        if (rev == 0 || rev == revision) {
            return current;
        }
        if (rev > revision) {
            throw new FutureRevisionException(rev, revision);
        }
        if (rev < compacted) {
            throw new CompactedException(compacted);
        }
        TreeMap<String, KeyValue> state = new TreeMap<>(Keys::compare);
        for (Change c : history) {
            if (c.revision() > rev) {
                break;
            }
            if (c.kv() == null) {
                state.remove(c.key());
            } else {
                state.put(c.key(), c.kv());
            }
        }
        return state;
    }

    @Override
    public synchronized TxnResponse txn(TxnRequest req) {
        checkOpen();
        if (req.size() > MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException(req.size());
        }
        boolean ok = true;
        for (Compare c : req.compares()) {
            ok &= c.matches(current.get(c.key()));
        }
        List<Op> ops = ok ? req.success() : req.failure();
        long rev = revision + 1;
        List<Change> changes = new ArrayList<>();
        List<OpResult> results = new ArrayList<>();
        for (Op op : ops) {
            switch (op) {
                case Op.Put p -> {
                    KeyValue prev = current.get(p.key());
                    KeyValue kv = new KeyValue(p.key(), p.value(), prev == null ? rev : prev.createRevision(), rev,
                            prev == null ? 1 : prev.version() + 1, p.lease());
                    current.put(p.key(), kv);
                    if (p.lease() != 0) {
                        leases.computeIfAbsent(p.lease(), k -> new HashSet<>()).add(p.key());
                    }
                    changes.add(new Change(rev, p.key(), kv, prev));
                    results.add(new OpResult.PutResult(p.prevKv() ? prev : null));
                }
                case Op.Delete d -> {
                    List<KeyValue> deleted = new ArrayList<>();
                    for (KeyValue kv : List.copyOf(current.values())) {
                        if (Keys.inRange(kv.key(), d.key(), d.rangeEnd())) {
                            deleted.add(kv);
                            current.remove(kv.key());
                            changes.add(new Change(rev, kv.key(), null, kv));
                        }
                    }
                    results.add(new OpResult.DeleteResult(deleted.size(), d.prevKv() ? deleted : List.of()));
                }
                case Op.Get g -> results.add(new OpResult.GetResult(range(g.request())));
            }
        }
        if (!changes.isEmpty()) {
            revision = rev;
            history.addAll(changes);
            List<WatchEvent> events = new ArrayList<>();
            for (Change c : changes) {
                events.add(event(c));
            }
            for (InMemoryWatch w : watches) {
                w.deliver(events);
            }
        }
        return new TxnResponse(ok, revision, results);
    }

    private static WatchEvent event(Change c) {
        if (c.kv() == null) {
            KeyValue tomb = new KeyValue(c.key(), new byte[0], 0, c.revision(), 0, 0);
            return new WatchEvent(WatchEvent.Type.DELETE, tomb, c.prev());
        }
        return new WatchEvent(WatchEvent.Type.PUT, c.kv(), c.prev());
    }

    @Override
    public synchronized Watch watch(WatchRequest req, WatchListener listener) {
        checkOpen();
        InMemoryWatch w = new InMemoryWatch(req, listener);
        if (req.startRevision() > 0 && req.startRevision() <= compacted) {
            w.fail(new CompactedException(compacted));
            return w;
        }
        if (req.startRevision() > 0) {
            List<WatchEvent> batch = new ArrayList<>();
            long batchRev = -1;
            for (Change c : history) {
                if (c.revision() < req.startRevision()) {
                    continue;
                }
                if (c.revision() != batchRev && !batch.isEmpty()) {
                    w.deliver(batch);
                    batch = new ArrayList<>();
                }
                batchRev = c.revision();
                batch.add(event(c));
            }
            if (!batch.isEmpty()) {
                w.deliver(batch);
            }
        }
        watches.add(w);
        return w;
    }

    @Override
    public synchronized void compact(long rev) {
        checkOpen();
        if (rev <= compacted) {
            throw new CompactedException(compacted);
        }
        if (rev > revision) {
            throw new FutureRevisionException(rev, revision);
        }
        compacted = rev;
    }

    @Override
    public synchronized LeaseGrant grantLease(long ttlSeconds) {
        long id = nextLease++;
        leases.put(id, new HashSet<>());
        return new LeaseGrant(id, ttlSeconds);
    }

    @Override
    public synchronized long keepAliveLease(long leaseId) {
        if (!leases.containsKey(leaseId)) {
            throw new LeaseNotFoundException(leaseId);
        }
        return 60;
    }

    @Override
    public synchronized void revokeLease(long leaseId) {
        Set<String> keys = leases.remove(leaseId);
        if (keys == null) {
            throw new LeaseNotFoundException(leaseId);
        }
        List<Op> ops = new ArrayList<>();
        for (String k : keys) {
            ops.add(Op.delete(k));
        }
        if (!ops.isEmpty()) {
            txn(new TxnRequest(List.of(), ops, List.of()));
        }
    }

    /** Ends every watch with an error, as a backend that went away would. */
    public synchronized void failWatches() {
        for (InMemoryWatch w : List.copyOf(watches)) {
            w.fail(new StoreUnavailableException("test: watch broken", null));
        }
    }

    public synchronized long revision() {
        return revision;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (InMemoryWatch w : watches) {
            w.executor.shutdown();
        }
        watches.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("store is closed", null);
        }
    }

    private final class InMemoryWatch implements Watch {
        private final WatchRequest req;
        private final WatchListener listener;
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "in-memory-store-watch");
            t.setDaemon(true);
            return t;
        });

        InMemoryWatch(WatchRequest req, WatchListener listener) {
            this.req = req;
            this.listener = listener;
        }

        void deliver(List<WatchEvent> events) {
            List<WatchEvent> mine = new ArrayList<>();
            for (WatchEvent e : events) {
                if (req.matches(e.kv().key())) {
                    mine.add(req.prevKv() ? e : new WatchEvent(e.type(), e.kv(), null));
                }
            }
            if (!mine.isEmpty() && !executor.isShutdown()) {
                executor.execute(() -> listener.onEvents(mine));
            }
        }

        void fail(dev.jube.store.StoreException error) {
            if (!executor.isShutdown()) {
                executor.execute(() -> listener.onError(error));
                executor.shutdown();
            }
            synchronized (InMemoryStore.this) {
                watches.remove(this);
            }
        }

        @Override
        public void close() {
            synchronized (InMemoryStore.this) {
                watches.remove(this);
            }
            executor.shutdown();
        }
    }
}
