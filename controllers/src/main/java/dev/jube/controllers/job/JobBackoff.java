package dev.jube.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delay before a Job replaces failed pods (upstream's backoff records): {@code base} after the
 * first failure, doubling with each failure since the last success, capped at {@code max}. Kept
 * in memory, as upstream keeps it.
 */
final class JobBackoff {

    static final Duration DEFAULT_BASE = Duration.ofSeconds(10);
    static final Duration DEFAULT_MAX = Duration.ofMinutes(6);

    private record Record(int failuresAfterLastSuccess, Instant lastFailure) {}

    private final Duration base;
    private final Duration max;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    JobBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** Records what a sync observed: new successes reset the count, new failures add to it. */
    void observe(String key, int newSucceeded, int newFailed, Instant lastFailure) {
        if (newSucceeded == 0 && newFailed == 0) {
            return;
        }
        records.compute(key, (k, old) -> {
            int failures = newSucceeded > 0 || old == null ? 0 : old.failuresAfterLastSuccess();
            Instant last = old == null ? null : old.lastFailure();
            if (newFailed > 0) {
                failures += newFailed;
                last = lastFailure;
            }
            return new Record(failures, last);
        });
    }

    /** How long to wait at {@code now} before creating pods; zero when none is needed. */
    Duration remaining(String key, Instant now) {
        Record r = records.get(key);
        if (r == null || r.failuresAfterLastSuccess() == 0 || r.lastFailure() == null) {
            return Duration.ZERO;
        }
        Duration delay = base;
        for (int i = 1; i < r.failuresAfterLastSuccess() && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        Duration left = Duration.between(now, r.lastFailure().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    void forget(String key) {
        records.remove(key);
    }
}
