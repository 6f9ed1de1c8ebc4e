package dev.jube.controllers.framework;

import java.time.Duration;

/** Decides how long a failed key waits before it is retried. */
public interface RateLimiter {

    /** The wait before {@code key} is processed again; counts one more failure for it. */
    Duration when(String key);

    /** Clears the failure history of {@code key} (after it was processed successfully). */
    void forget(String key);

    /** How many times {@code key} has failed since it was last forgotten. */
    int numRequeues(String key);

    /**
     * Upstream's default controller rate limiter: the larger of a per-item exponential back-off
     * (5 ms doubling up to 1000 s) and an overall token bucket (10 per second, burst 100).
     */
    static RateLimiter defaultControllerRateLimiter() {
        return new MaxOfRateLimiter(
                new ItemExponentialRateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter(10, 100));
    }
}
