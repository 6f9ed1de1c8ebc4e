package dev.jube.controllers.framework;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a controller expects its informer to show after it created or deleted objects (upstream's
 * ControllerExpectations with deletions tracked by key). A controller does not act on an owner
 * while its expectations are unmet, so a lagging informer does not make it create or delete
 * twice. Expectations that stay unmet for five minutes expire, in case an event was lost.
 */
public final class Expectations {

    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public Expectations() {
        this(System::nanoTime);
    }

    Expectations(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    private static final class Record {
        int adds;
        final Set<String> deletes = new HashSet<>();
        final long setAt;

        Record(long setAt) {
            this.setAt = setAt;
        }
    }

    /** Whether the owner {@code key} may be synced: no expectations, all met, or expired. */
    public boolean satisfied(String key) {
        Record r = records.get(key);
        if (r == null) {
            return true;
        }
        synchronized (r) {
            if (r.adds <= 0 && r.deletes.isEmpty()) {
                return true;
            }
            return clock.getAsLong() - r.setAt > TIMEOUT.toNanos();
        }
    }

    /** Replaces the owner's expectations: {@code count} creations to observe. */
    public void expectCreations(String key, int count) {
        Record r = new Record(clock.getAsLong());
        r.adds = count;
        records.put(key, r);
    }

    /** Replaces the owner's expectations: the deletion of each of {@code objectKeys} to observe. */
    public void expectDeletions(String key, Set<String> objectKeys) {
        Record r = new Record(clock.getAsLong());
        r.deletes.addAll(objectKeys);
        records.put(key, r);
    }

    /** Replaces the owner's expectations: {@code count} creations and the deletion of {@code objectKeys}. */
    public void expect(String key, int count, Set<String> objectKeys) {
        Record r = new Record(clock.getAsLong());
        r.adds = count;
        r.deletes.addAll(objectKeys);
        records.put(key, r);
    }

    /** One expected creation was seen (or will never happen because the create failed). */
    public void creationObserved(String key) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.adds--;
            }
        }
    }

    /** The deletion of {@code objectKey} was seen (or will never happen because the delete failed). */
    public void deletionObserved(String key, String objectKey) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.deletes.remove(objectKey);
            }
        }
    }

    /** Forgets the owner (it was deleted). */
    public void delete(String key) {
        records.remove(key);
    }

    /** Outstanding creations (for tests and logs). */
    public int pendingCreations(String key) {
        Record r = records.get(key);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return Math.max(0, r.adds);
        }
    }

    /** Outstanding deletions (for tests and logs). */
    public int pendingDeletions(String key) {
        Record r = records.get(key);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return r.deletes.size();
        }
    }
}
