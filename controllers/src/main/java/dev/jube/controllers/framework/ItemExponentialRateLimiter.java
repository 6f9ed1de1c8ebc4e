package dev.jube.controllers.framework;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Per-key exponential back-off: base * 2^failures, capped at max. */
public final class ItemExponentialRateLimiter implements RateLimiter {

    private final Duration base;
    private final Duration max;
    private final Map<String, Integer> failures = new HashMap<>();

    public ItemExponentialRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max, got base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
    }

    @Override
    public synchronized Duration when(String key) {
        int exp = failures.merge(key, 1, Integer::sum) - 1;
        // Past 2^62 the product overflows; the cap is reached long before that for any sane base.
        if (exp >= 62) {
            return max;
        }
        double nanos = base.toNanos() * Math.pow(2, exp);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    @Override
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    @Override
    public synchronized int numRequeues(String key) {
        return failures.getOrDefault(key, 0);
    }
}
