package dev.jube.apiserver.storage;

import dev.jube.apiserver.json.Json;
import dev.jube.store.Compare;
import dev.jube.store.KeyValue;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.Store;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects as JSON bytes in the {@link Store}. The resourceVersion is never stored: it is the
 * key's modRevision, set on every read, so it cannot disagree with the store.
 */
public final class ObjectStorage {

    private final Store store;

    public ObjectStorage(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** An object as read, with the revision it was last written at. */
    public record Versioned(String key, ObjectNode object, long modRevision) {}

    /** The outcome of a conditional write: the new revision, or the current state when the condition failed. */
    public record WriteResult(boolean succeeded, long revision, Versioned current) {}

    /** A page of a range read. */
    public record Page(List<Versioned> items, long revision, boolean more, long remaining, String lastKey) {}

    public Versioned get(String key) {
        KeyValue kv = store.get(key);
        return kv == null ? null : decode(kv);
    }

    /** Writes only when the key does not exist; fails with the existing object otherwise. */
    public WriteResult create(String key, ObjectNode obj) {
        return write(TxnRequest.when(Compare.absent(key), Op.put(key, encode(obj))), key);
    }

    /** Writes only when the key is still at {@code expectedModRevision}. */
    public WriteResult update(String key, ObjectNode obj, long expectedModRevision) {
        return write(TxnRequest.when(Compare.modRevision(key, expectedModRevision), Op.put(key, encode(obj))), key);
    }

    /** Deletes only when the key is still at {@code expectedModRevision}. */
    public WriteResult delete(String key, long expectedModRevision) {
        return write(TxnRequest.when(Compare.modRevision(key, expectedModRevision), Op.delete(key)), key);
    }

    private WriteResult write(TxnRequest txn, String key) {
        TxnResponse r = store.txn(txn);
        if (r.succeeded()) {
            return new WriteResult(true, r.revision(), null);
        }
        RangeResponse current = ((OpResult.GetResult) r.results().getFirst()).response();
        return new WriteResult(false, r.revision(), current.kvs().isEmpty() ? null : decode(current.kvs().getFirst()));
    }

    /**
     * Reads up to {@code limit} objects (0 = all) of {@code [from, prefixEnd(prefix))} at
     * {@code revision} (0 = latest).
     */
    public Page list(String prefix, String from, long revision, long limit) {
        RangeRequest req = new RangeRequest(from, dev.jube.store.Keys.prefixEnd(prefix), revision, limit, false, false);
        RangeResponse r = store.range(req);
        List<Versioned> items = new ArrayList<>(r.kvs().size());
        for (KeyValue kv : r.kvs()) {
            items.add(decode(kv));
        }
        String lastKey = r.kvs().isEmpty() ? null : r.kvs().getLast().key();
        long readAt = revision == 0 ? r.revision() : revision;
        return new Page(items, readAt, r.more(), Math.max(0, r.count() - r.kvs().size()), lastKey);
    }

    public static byte[] encode(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        if (meta instanceof ObjectNode m && m.has("resourceVersion")) {
            ObjectNode copy = obj.deepCopy();
            ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
            return Json.bytes(copy);
        }
        return Json.bytes(obj);
    }

    public static Versioned decode(KeyValue kv) {
        return new Versioned(kv.key(), decode(kv.value(), kv.modRevision()), kv.modRevision());
    }

    public static ObjectNode decode(byte[] value, long modRevision) {
        ObjectNode obj = (ObjectNode) Json.parse(value);
        Json.child(obj, "metadata").put("resourceVersion", Long.toString(modRevision));
        return obj;
    }
}
