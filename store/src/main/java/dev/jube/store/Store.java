package dev.jube.store;

/**
 * A versioned key-value store with etcd3's semantics. The API server's resourceVersion,
 * optimistic concurrency, watch and compaction are defined by these semantics, so every backend
 * (the embedded store, etcd) must pass the same contract tests.
 *
 * <ul>
 *   <li>A global revision, starting at 1 for an empty store, increases by one for every
 *       transaction that writes; every key carries its create and mod revisions, its version
 *       (number of puts since creation) and its lease.
 *   <li>Ranges read a key, or the keys in {@code [key, rangeEnd)}, at a revision (0 = latest).
 *   <li>Transactions compare then write: this is how create-if-absent and
 *       update/delete-if-unchanged are done.
 *   <li>Watches deliver every change of a key range from a revision, in revision order.
 *   <li>Compaction discards history up to a revision; reads and watches below it fail with
 *       {@link CompactedException}.
 *   <li>Leases expire keys that are not kept alive; expiry deletes them with ordinary DELETE
 *       events.
 * </ul>
 *
 * Keys are strings compared by their UTF-8 bytes, as etcd compares its byte keys. All methods are
 * blocking and thread-safe; failures are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    /**
     * The most a single request (keys, values and framing) may carry: etcd's default
     * {@code --max-request-bytes}, 1.5 MiB. Larger requests fail with {@link
     * RequestTooLargeException}.
     */
    int MAX_REQUEST_BYTES = 1_572_864;

    /** Reads a key or a key range. */
    RangeResponse range(RangeRequest request);

    /** Evaluates the compares, then runs the success or the failure operations atomically. */
    TxnResponse txn(TxnRequest request);

    /**
     * Starts a watch. Events from {@code request.startRevision()} on (0 = changes after now) are
     * delivered to the listener in revision order, one {@link WatchListener#onEvents} call per
     * revision, never concurrently for one watch. A watch starting below the compacted
     * revision gets {@link WatchListener#onError} with a {@link CompactedException}; the
     * compacted revision itself stays readable, as in etcd.
     */
    Watch watch(WatchRequest request, WatchListener listener);

    /**
     * Discards the history before {@code revision}: reads and watches at revisions below it fail
     * with {@link CompactedException} afterwards (etcd semantics: the compacted revision itself
     * stays readable). Compacting to a revision at or below the current compaction fails with
     * {@link CompactedException}; above the current revision, with {@link FutureRevisionException}.
     */
    void compact(long revision);

    /** Grants a lease; its TTL may be raised to the backend's minimum. */
    LeaseGrant grantLease(long ttlSeconds);

    /** Renews a lease to its full TTL and returns that TTL, or fails with {@link LeaseNotFoundException}. */
    long keepAliveLease(long leaseId);

    /** Revokes a lease, deleting its keys. Fails with {@link LeaseNotFoundException}. */
    void revokeLease(long leaseId);

    /** The store's current revision (a linearizable read). */
    default long currentRevision() {
        return range(RangeRequest.key("\0").withCountOnly()).revision();
    }

    // Conveniences over txn/range: they are defined by it, so backends need not override them.

    /** The key's current value, or null. */
    default KeyValue get(String key) {
        var kvs = range(RangeRequest.key(key)).kvs();
        return kvs.isEmpty() ? null : kvs.getFirst();
    }

    /** Puts unconditionally and returns the new revision. */
    default long put(String key, byte[] value) {
        return txn(TxnRequest.of(Op.put(key, value))).revision();
    }

    /** Deletes unconditionally and returns the number of keys deleted. */
    default long delete(String key) {
        var result = (OpResult.DeleteResult) txn(TxnRequest.of(Op.delete(key))).results().getFirst();
        return result.deleted();
    }

    @Override
    void close();
}
