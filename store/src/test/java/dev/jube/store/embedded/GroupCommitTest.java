package dev.jube.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.store.Compare;
import dev.jube.store.KeyValue;
import dev.jube.store.Op;
import dev.jube.store.RangeRequest;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers share commits: every compare sees the writes queued before it, nothing is lost. */
class GroupCommitTest {

    private static final int THREADS = 16;
    private static final int INCREMENTS = 60;
    private static final int COUNTERS = 4;

    @TempDir
    Path dir;

    @Test
    void concurrentCompareAndSwapIncrementsLoseNothing() throws Exception {
        long startRevision;
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            startRevision = store.currentRevision();
            for (int c = 0; c < COUNTERS; c++) {
                store.put(counter(c), "0".getBytes(UTF_8));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> retries = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String key = counter(t % COUNTERS);
                retries.add(pool.submit(() -> increment(store, key)));
            }
            int conflicts = 0;
            for (Future<Integer> f : retries) {
                conflicts += f.get();
            }
            pool.shutdown();
            assertThat(conflicts).as("racing writers must have collided at least once").isPositive();
            assertCounters(store, startRevision);
        }
        try (EmbeddedStore reopened = EmbeddedStore.open(dir)) {
            assertCounters(reopened, startRevision);
        }
    }

    private static void assertCounters(EmbeddedStore store, long startRevision) {
        int perCounter = THREADS / COUNTERS * INCREMENTS;
        for (int c = 0; c < COUNTERS; c++) {
            KeyValue kv = store.get(counter(c));
            assertThat(kv.valueAsString()).isEqualTo(Integer.toString(perCounter));
            assertThat(kv.version()).isEqualTo(perCounter + 1);
        }
        // one revision per successful write: the initial puts and every increment
        assertThat(store.currentRevision()).isEqualTo(startRevision + COUNTERS + (long) THREADS * INCREMENTS);
        assertThat(store.range(RangeRequest.prefix("/counters/")).kvs())
                .extracting(KeyValue::modRevision).allMatch(rev -> rev <= store.currentRevision());
    }

    /** Increments a counter INCREMENTS times with compare-and-swap; returns how often it lost a race. */
    private static int increment(EmbeddedStore store, String key) {
        int conflicts = 0;
        KeyValue current = store.get(key);
        for (int done = 0; done < INCREMENTS; ) {
            long next = Long.parseLong(current.valueAsString()) + 1;
            TxnResponse r = store.txn(TxnRequest.when(Compare.modRevision(key, current.modRevision()),
                    Op.put(key, Long.toString(next).getBytes(UTF_8))));
            if (r.succeeded()) {
                done++;
                current = new KeyValue(key, Long.toString(next).getBytes(UTF_8), 0, r.revision(), 0, 0);
            } else {
                conflicts++;
                current = ((dev.jube.store.OpResult.GetResult) r.results().getFirst()).response().kvs().getFirst();
            }
        }
        return conflicts;
    }

    private static String counter(int i) {
        return "/counters/" + i;
    }
}
