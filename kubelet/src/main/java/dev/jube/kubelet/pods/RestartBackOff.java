package dev.jube.kubelet.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Upstream's crash-loop back-off per container: 10 s, doubling to 5 min; a container that ran
 * for 10 minutes without failing starts again from the beginning.
 */
public final class RestartBackOff {

    private record Entry(Duration delay, Instant lastFailure) {}

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    public RestartBackOff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    public static RestartBackOff defaults() {
        return new RestartBackOff(Duration.ofSeconds(10), Duration.ofMinutes(5), Clock.systemUTC());
    }

    /**
     * Whether a container that last finished at {@code finishedAt} must still wait; the first
     * failure restarts at once, as upstream's does.
     */
    public synchronized boolean inBackOff(String key, Instant finishedAt) {
        Entry e = entries.get(key);
        return e != null && clock.instant().isBefore(finishedAt.plus(e.delay));
    }

    /** Whether {@code key} is still waiting since its last recorded failure (image pulls count their own). */
    public synchronized boolean inBackOff(String key) {
        Entry e = entries.get(key);
        return e != null && clock.instant().isBefore(e.lastFailure.plus(e.delay));
    }

    /** Records a restart: the next wait doubles, unless the last one was long ago. */
    public synchronized void restarted(String key) {
        Instant now = clock.instant();
        Entry e = entries.get(key);
        Duration next = e == null || Duration.between(e.lastFailure, now).compareTo(max.multipliedBy(2)) > 0
                ? initial : min(e.delay.multipliedBy(2), max);
        entries.put(key, new Entry(next, now));
    }

    /** The current delay of {@code key}, for the CrashLoopBackOff message. */
    public synchronized Duration delay(String key) {
        Entry e = entries.get(key);
        return e == null ? initial : e.delay;
    }

    public synchronized void forget(String keyPrefix) {
        entries.keySet().removeIf(k -> k.startsWith(keyPrefix));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
