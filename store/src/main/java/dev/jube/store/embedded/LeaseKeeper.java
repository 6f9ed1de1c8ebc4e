package dev.jube.store.embedded;

import dev.jube.store.LeaseNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live leases and their deadlines, in memory. TTLs are persisted by the committer; deadlines
 * are not (as in etcd, a restart gives every lease its full TTL again), so keep-alives never
 * touch the disk.
 */
final class LeaseKeeper {

    private static final class Lease {
        final long ttlSeconds;
        volatile long deadlineNanos;

        Lease(long ttlSeconds, long now) {
            this.ttlSeconds = ttlSeconds;
            renew(now);
        }

        void renew(long now) {
            deadlineNanos = now + ttlSeconds * 1_000_000_000L;
        }

        boolean expired(long now) {
            return now - deadlineNanos >= 0;
        }
    }

    private final Map<Long, Lease> leases = new ConcurrentHashMap<>();

    LeaseKeeper(Map<Long, Long> persisted) {
        long now = System.nanoTime();
        persisted.forEach((id, ttl) -> leases.put(id, new Lease(ttl, now)));
    }

    boolean exists(long id) {
        return leases.containsKey(id);
    }

    void add(long id, long ttlSeconds) {
        leases.put(id, new Lease(ttlSeconds, System.nanoTime()));
    }

    void remove(long id) {
        leases.remove(id);
    }

    /** Renews a lease to its full TTL and returns that TTL. */
    long keepAlive(long id) {
        Lease lease = leases.get(id);
        if (lease == null) {
            throw new LeaseNotFoundException(id);
        }
        lease.renew(System.nanoTime());
        return lease.ttlSeconds;
    }

    boolean isExpired(long id) {
        Lease lease = leases.get(id);
        return lease != null && lease.expired(System.nanoTime());
    }

    List<Long> expired() {
        long now = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        leases.forEach((id, lease) -> {
            if (lease.expired(now)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
