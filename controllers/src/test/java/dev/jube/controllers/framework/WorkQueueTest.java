package dev.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void aKeyAddedManyTimesIsQueuedOnce() throws Exception {
        try (WorkQueue q = new WorkQueue("t")) {
            q.add("a");
            q.add("b");
            q.add("a");
            q.add("a");
            assertThat(q.length()).isEqualTo(2);
            assertThat(q.get()).isEqualTo("a");
            assertThat(q.get()).isEqualTo("b");
            assertThat(q.length()).isZero();
        }
    }

    @Test
    void aKeyAddedWhileProcessingIsNotHandedOutUntilDoneThenOnceAgain() throws Exception {
        try (WorkQueue q = new WorkQueue("t")) {
            q.add("a");
            String k = q.get();
            q.add("a");
            q.add("a");
            assertThat(q.length()).as("not handed to a second worker while in flight").isZero();
            q.done(k);
            assertThat(q.length()).isEqualTo(1);
            assertThat(q.get()).isEqualTo("a");
            q.done("a");
            assertThat(q.length()).isZero();
        }
    }

    @Test
    void workersNeverProcessTheSameKeyConcurrentlyAndLateAddsAreProcessed() throws Exception {
        try (WorkQueue q = new WorkQueue("t")) {
            ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger processed = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        String key;
                        while ((key = q.get()) != null) {
                            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            Thread.sleep(1);
                            inFlight.get(key).decrementAndGet();
                            processed.incrementAndGet();
                            q.done(key);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (int i = 0; i < 2000; i++) {
                q.add("k" + (i % 5));
            }
            // A final add after the burst must be processed, whatever was in flight then.
            CountDownLatch last = new CountDownLatch(1);
            Thread.ofPlatform().start(() -> {
                q.add("k0");
                last.countDown();
            });
            last.await(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> q.length() == 0
                    && inFlight.values().stream().allMatch(a -> a.get() == 0));
            int before = processed.get();
            q.add("k0");
            await().atMost(Duration.ofSeconds(10)).until(() -> processed.get() > before);
            q.shutDown();
            for (Thread t : workers) {
                t.join(5000);
            }
            assertThat(overlaps.get()).isZero();
            assertThat(processed.get()).isLessThan(2002).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void addAfterDelaysAndTheEarliestPendingDelayWins() throws Exception {
        try (WorkQueue q = new WorkQueue("t")) {
            q.addAfter("a", Duration.ofMinutes(10));
            q.addAfter("a", Duration.ofMillis(50));
            assertThat(q.length()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> q.length() == 1);
            assertThat(q.get()).isEqualTo("a");
            q.done("a");
            q.addAfter("b", Duration.ofMillis(30));
            q.addAfter("b", Duration.ofMinutes(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> q.length() == 1);
        }
    }

    @Test
    void rateLimitedAddsBackOffPerKeyUntilForgotten() {
        RateLimiter limiter = new ItemExponentialRateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(20));
        assertThat(limiter.when("b")).as("per key").isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.numRequeues("a")).isEqualTo(3);
        for (int i = 0; i < 40; i++) {
            limiter.when("a");
        }
        assertThat(limiter.when("a")).as("capped").isEqualTo(Duration.ofSeconds(1000));
        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theBucketSpreadsBurstsAcrossAllKeys() {
        long[] now = {0};
        BucketRateLimiter bucket = new BucketRateLimiter(10, 100, () -> now[0]);
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.when("k" + i)).isZero();
        }
        assertThat(bucket.when("x")).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.when("y")).isEqualTo(Duration.ofMillis(200));
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(bucket.when("z")).isEqualTo(Duration.ZERO.plusMillis(0)).isZero();
    }

    @Test
    void theDefaultLimiterIsTheLargerOfBothAndForgetResetsTheBackOff() throws Exception {
        try (WorkQueue q = new WorkQueue("t")) {
            q.addRateLimited("a");
            q.addRateLimited("a");
            assertThat(q.numRequeues("a")).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> q.length() == 1);
            q.forget("a");
            assertThat(q.numRequeues("a")).isZero();
        }
    }

    @Test
    void shutDownReleasesWaitingWorkers() throws Exception {
        WorkQueue q = new WorkQueue("t");
        String[] got = {"unset"};
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                got[0] = q.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        q.shutDown();
        t.join(5000);
        assertThat(got[0]).isNull();
        q.add("a");
        assertThat(q.length()).isZero();
    }
}
