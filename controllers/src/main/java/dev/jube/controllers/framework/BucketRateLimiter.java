package dev.jube.controllers.framework;

import java.time.Duration;

/**
 * An overall token bucket: {@code qps} tokens a second, at most {@code burst} saved up. Each
 * {@link #when} reserves one token and answers how long until it is available, so bursts of
 * failures across all keys are spread out.
 */
public final class BucketRateLimiter implements RateLimiter {

    private final double qps;
    private final double burst;
    private final NanoClock clock;
    private double tokens;
    private long last;

    public BucketRateLimiter(double qps, int burst) {
        this(qps, burst, System::nanoTime);
    }

    BucketRateLimiter(double qps, int burst, NanoClock clock) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("need qps > 0 and burst >= 1, got " + qps + " and " + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.nanos();
    }

    @Override
    public synchronized Duration when(String key) {
        long now = clock.nanos();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * qps);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / qps * 1e9));
    }

    @Override
    public void forget(String key) {}

    @Override
    public int numRequeues(String key) {
        return 0;
    }

    /** A monotonic clock, replaceable in tests. */
    interface NanoClock {
        long nanos();
    }
}
