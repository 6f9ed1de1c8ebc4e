package dev.jube.store.embedded;

import dev.jube.store.CompactedException;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.KeyValue;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.WatchEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.Cursor;

/**
 * Serves ranges from a {@link View}. The latest revision is read straight from the key map; an
 * older revision R reads it too, with the keys changed after R rolled back to their value at R
 * (the previous value of their first change after R, from the changelog).
 */
final class RangeReader {

    /** Marks a key that did not exist at the revision read. */
    private static final KeyValue ABSENT = new KeyValue("", new byte[0], 0, 0, 0, 0);

    private final RangeRequest request;
    private final List<KeyValue> kvs = new ArrayList<>();
    private long count;

    private RangeReader(RangeRequest request) {
        this.request = request;
    }

    static RangeResponse range(View view, RangeRequest request) {
        long rev = request.revision() == 0 ? view.revision() : request.revision();
        if (rev > view.revision()) {
            throw new FutureRevisionException(rev, view.revision());
        }
        if (rev < view.compactRevision()) {
            throw new CompactedException(view.compactRevision());
        }
        RangeReader reader = new RangeReader(request);
        if (rev == view.revision()) {
            reader.readLatest(view);
        } else {
            reader.readRolledBack(view, reader.valuesAt(view, rev));
        }
        long limit = request.limit();
        boolean more = !request.countOnly() && limit > 0 && reader.count > limit;
        return new RangeResponse(view.revision(), reader.kvs, more, reader.count);
    }

    private void readLatest(View view) {
        if (!request.isRange()) {
            KeyValue kv = view.get(request.key());
            if (kv != null) {
                accept(kv);
            }
            return;
        }
        for (Cursor<String, KeyValue> c = view.keysFrom(request.key()); c.hasNext(); ) {
            if (KeyOrder.pastEnd(c.next(), request.rangeEnd())) {
                break;
            }
            accept(c.getValue());
        }
    }

    /** The value at {@code rev} of every key in range changed after it ({@link #ABSENT} if none). */
    private TreeMap<String, KeyValue> valuesAt(View view, long rev) {
        TreeMap<String, KeyValue> values = new TreeMap<>(KeyOrder::compare);
        for (Cursor<Long, List<WatchEvent>> c = view.changesFrom(rev + 1); c.hasNext(); ) {
            if (c.next() > view.revision()) {
                break;
            }
            for (WatchEvent e : c.getValue()) {
                String key = e.kv().key();
                if (KeyOrder.inRange(key, request.key(), request.rangeEnd())) {
                    values.putIfAbsent(key, e.prevKv() == null ? ABSENT : e.prevKv());
                }
            }
        }
        return values;
    }

    /** Merges the current keys with the rolled-back ones, in key order. */
    private void readRolledBack(View view, TreeMap<String, KeyValue> rolledBack) {
        Iterator<Map.Entry<String, KeyValue>> older = rolledBack.entrySet().iterator();
        Map.Entry<String, KeyValue> next = older.hasNext() ? older.next() : null;
        Cursor<String, KeyValue> c = view.keysFrom(request.key());
        while (c.hasNext()) {
            String key = c.next();
            if (!KeyOrder.inRange(key, request.key(), request.rangeEnd())) {
                break;
            }
            while (next != null && KeyOrder.compare(next.getKey(), key) < 0) {
                acceptPresent(next.getValue());
                next = older.hasNext() ? older.next() : null;
            }
            if (next != null && next.getKey().equals(key)) {
                acceptPresent(next.getValue());
                next = older.hasNext() ? older.next() : null;
            } else {
                accept(c.getValue());
            }
        }
        while (next != null) {
            acceptPresent(next.getValue());
            next = older.hasNext() ? older.next() : null;
        }
    }

    private void acceptPresent(KeyValue kv) {
        if (kv != ABSENT) {
            accept(kv);
        }
    }

    private void accept(KeyValue kv) {
        count++;
        if (request.countOnly() || (request.limit() > 0 && kvs.size() >= request.limit())) {
            return;
        }
        kvs.add(request.keysOnly()
                ? new KeyValue(kv.key(), null, kv.createRevision(), kv.modRevision(), kv.version(), kv.lease())
                : kv);
    }
}
