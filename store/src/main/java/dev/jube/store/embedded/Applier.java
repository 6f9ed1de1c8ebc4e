package dev.jube.store.embedded;

import dev.jube.store.CompactedException;
import dev.jube.store.Compare;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.InvalidRequestException;
import dev.jube.store.KeyValue;
import dev.jube.store.LeaseGrant;
import dev.jube.store.LeaseNotFoundException;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import dev.jube.store.WatchEvent;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.Cursor;

/**
 * Applies writes to the live maps, in the committer's thread only. A batch of writes ends with
 * {@link #finishBatch()}; nothing is durable (or visible to readers) before the committer's fsync.
 * Every request is validated before its first change, so a failed request changes nothing.
 */
final class Applier {

    /** etcd's largest lease TTL, in seconds. */
    static final long MAX_LEASE_TTL = 9_000_000_000L;

    private final StoreFile file;
    private final LeaseKeeper leases;
    private final Map<Long, Set<String>> keysByLease = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final List<Change> changes = new ArrayList<>();
    private long revision;
    private long compactRevision;
    private boolean dirty;
    /** Counts changes to the maps, so the committer can tell whether a failed request wrote. */
    private long mutations;

    Applier(StoreFile file, LeaseKeeper leases) {
        this.file = file;
        this.leases = leases;
        this.revision = file.revision();
        this.compactRevision = file.compactRevision();
        for (Cursor<String, KeyValue> c = file.kv.cursor(null); c.hasNext(); ) {
            String key = c.next();
            long lease = c.getValue().lease();
            if (lease != 0) {
                keysByLease.computeIfAbsent(lease, id -> new TreeSet<>(KeyOrder::compare)).add(key);
            }
        }
    }

    long mutations() {
        return mutations;
    }

    View liveView() {
        return View.live(file, revision, compactRevision);
    }

    TxnResponse txn(TxnRequest request) {
        boolean succeeded = true;
        for (Compare compare : request.compares()) {
            if (!compare.matches(file.kv.get(compare.key()))) {
                succeeded = false;
                break;
            }
        }
        List<Op> ops = succeeded ? request.success() : request.failure();
        check(ops);
        long rev = revision + 1;
        List<WatchEvent> events = new ArrayList<>();
        List<OpResult> results = new ArrayList<>(ops.size());
        for (Op op : ops) {
            switch (op) {
                case Op.Put put -> results.add(put(put, rev, events));
                case Op.Delete delete -> results.add(delete(delete, rev, events));
                case Op.Get get -> results.add(new OpResult.GetResult(RangeReader.range(liveView(), get.request())));
            }
            if (!events.isEmpty() && !(op instanceof Op.Get)) {
                // Logged as it goes so a later Get of this transaction reads its own writes.
                record(rev, events);
            }
        }
        if (!events.isEmpty()) {
            changes.add(new Change(rev, List.copyOf(events)));
        }
        return new TxnResponse(succeeded, revision, results);
    }

    /** Rejects what etcd rejects, before anything is written. */
    private void check(List<Op> ops) {
        Set<String> putKeys = new HashSet<>();
        for (Op op : ops) {
            if (op instanceof Op.Put put) {
                if (put.lease() != 0 && !leases.exists(put.lease())) {
                    throw new LeaseNotFoundException(put.lease());
                }
                if (!putKeys.add(put.key())) {
                    throw new InvalidRequestException("duplicate key given in txn request: " + put.key());
                }
            } else if (op instanceof Op.Get get) {
                long rev = get.request().revision();
                if (rev > revision) {
                    throw new FutureRevisionException(rev, revision);
                }
                if (rev != 0 && rev < compactRevision) {
                    throw new CompactedException(compactRevision);
                }
            }
        }
        for (Op op : ops) {
            if (op instanceof Op.Delete delete) {
                for (String key : putKeys) {
                    if (KeyOrder.inRange(key, delete.key(), delete.rangeEnd())) {
                        throw new InvalidRequestException("duplicate key given in txn request: " + key);
                    }
                }
            }
        }
    }

    private OpResult put(Op.Put put, long rev, List<WatchEvent> events) {
        KeyValue prev = file.kv.get(put.key());
        KeyValue kv = prev == null
                ? new KeyValue(put.key(), put.value(), rev, rev, 1, put.lease())
                : new KeyValue(put.key(), put.value(), prev.createRevision(), rev, prev.version() + 1, put.lease());
        mutations++;
        file.kv.put(put.key(), kv);
        moveLease(put.key(), prev == null ? 0 : prev.lease(), put.lease());
        events.add(new WatchEvent(WatchEvent.Type.PUT, kv, prev));
        return new OpResult.PutResult(put.prevKv() ? prev : null);
    }

    private OpResult delete(Op.Delete delete, long rev, List<WatchEvent> events) {
        List<KeyValue> deleted = new ArrayList<>();
        if (delete.rangeEnd().isEmpty()) {
            KeyValue kv = file.kv.get(delete.key());
            if (kv != null) {
                deleted.add(kv);
            }
        } else {
            for (Cursor<String, KeyValue> c = file.kv.cursor(delete.key()); c.hasNext(); ) {
                if (KeyOrder.pastEnd(c.next(), delete.rangeEnd())) {
                    break;
                }
                deleted.add(c.getValue());
            }
        }
        for (KeyValue kv : deleted) {
            removeKey(kv, rev, events);
        }
        return new OpResult.DeleteResult(deleted.size(), delete.prevKv() ? deleted : List.of());
    }

    private void removeKey(KeyValue kv, long rev, List<WatchEvent> events) {
        mutations++;
        file.kv.remove(kv.key());
        moveLease(kv.key(), kv.lease(), 0);
        events.add(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(kv.key(), null, 0, rev, 0, 0), kv));
    }

    private void moveLease(String key, long from, long to) {
        if (from == to) {
            return;
        }
        if (from != 0) {
            Set<String> keys = keysByLease.get(from);
            if (keys != null) {
                keys.remove(key);
            }
        }
        if (to != 0) {
            keysByLease.computeIfAbsent(to, id -> new TreeSet<>(KeyOrder::compare)).add(key);
        }
    }

    private void record(long rev, List<WatchEvent> events) {
        mutations++;
        file.changelog.put(rev, List.copyOf(events));
        revision = rev;
        dirty = true;
    }

    LeaseGrant grantLease(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new InvalidRequestException("lease TTL must be positive: " + ttlSeconds);
        }
        long ttl = ttlSeconds;
        if (ttl > MAX_LEASE_TTL) {
            throw new InvalidRequestException("lease TTL " + ttlSeconds + " is too large (the maximum is " + MAX_LEASE_TTL + " seconds)");
        }
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || leases.exists(id));
        mutations++;
        file.leases.put(id, ttl);
        leases.add(id, ttl);
        dirty = true;
        return new LeaseGrant(id, ttl);
    }

    /** Revokes a lease and deletes its keys in one revision; {@code onlyIfExpired} for expiry. */
    void revokeLease(long id, boolean onlyIfExpired) {
        if (!leases.exists(id)) {
            if (onlyIfExpired) {
                return;
            }
            throw new LeaseNotFoundException(id);
        }
        if (onlyIfExpired && !leases.isExpired(id)) {
            return; // kept alive meanwhile
        }
        Set<String> keys = keysByLease.remove(id);
        if (keys != null && !keys.isEmpty()) {
            long rev = revision + 1;
            List<WatchEvent> events = new ArrayList<>();
            for (String key : List.copyOf(keys)) {
                removeKey(file.kv.get(key), rev, events);
            }
            record(rev, events);
            changes.add(new Change(rev, List.copyOf(events)));
        }
        mutations++;
        file.leases.remove(id);
        leases.remove(id);
        dirty = true;
    }

    void compact(long rev) {
        if (rev <= compactRevision) {
            throw new CompactedException(compactRevision);
        }
        if (rev > revision) {
            throw new FutureRevisionException(rev, revision);
        }
        mutations++;
        // The compacted revision's own changes stay: a watch may still start there (as in etcd).
        for (Long oldest = file.changelog.firstKey(); oldest != null && oldest < rev; oldest = file.changelog.firstKey()) {
            file.changelog.remove(oldest);
        }
        compactRevision = rev;
        dirty = true;
    }

    /**
     * Ends a batch: stages the revision counters and returns the batch's changes, or null when
     * the batch wrote nothing and needs no commit.
     */
    List<Change> finishBatch() {
        if (!dirty) {
            return null;
        }
        file.setRevisions(revision, compactRevision);
        List<Change> batch = List.copyOf(changes);
        changes.clear();
        dirty = false;
        return batch;
    }
}
