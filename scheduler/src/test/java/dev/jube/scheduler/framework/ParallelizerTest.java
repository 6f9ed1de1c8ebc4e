package dev.jube.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelizerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int parallelism : new int[] {1, 2, 4}) {
            Parallelizer p = new Parallelizer(pool, parallelism);
            for (int n : new int[] {0, 1, 2, 7, 100, 5_000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                p.forEach(n, seen::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertThat(seen.get(i)).as("index %d of %d, parallelism %d", i, n, parallelism).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void stopsSoonAfterTheWorkSaysEnough() {
        Parallelizer p = new Parallelizer(pool, 4);
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        p.until(5_000, i -> {
            ran.incrementAndGet();
            return accepted.incrementAndGet() < 100;
        });
        // At most one index past the stop per thread: the rest of the chunks are left alone.
        assertThat(ran.get()).isBetween(100, 100 + 4);
    }

    @Test
    void aFailureReachesTheCaller() {
        Parallelizer p = new Parallelizer(pool, 2);
        assertThatThrownBy(() -> p.forEach(1_000, i -> {
            if (i == 500) {
                throw new IllegalStateException("boom at " + i);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom at 500");
    }

    @Test
    void chunksFollowUpstream() {
        assertThat(Parallelizer.chunkSize(5_000, 2)).isEqualTo(70);
        assertThat(Parallelizer.chunkSize(10, 16)).isEqualTo(1);
        assertThat(Parallelizer.chunkSize(0, 2)).isEqualTo(1);
    }
}
