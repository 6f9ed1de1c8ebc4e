package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.CompactedException;
import dev.jube.store.Op;
import dev.jube.store.OpResult;
import dev.jube.store.StoreException;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches started at random revisions, and watches closed and resumed from the last revision they
 * delivered, all while several writers keep writing: each must deliver exactly the revisions that
 * touched its range, from its start to the end, once each, in order, and without errors. With
 * compaction racing their catch-up, a watch may instead end with CompactedException, but only
 * after an unbroken run of revisions.
 */
class WatchResumeStressTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PREFIX = "s/";
    private static final int ROUNDS = 10;
    private static final int COMPACTION_ROUNDS = 4;
    private static final int WRITERS = 3;
    private static final int OPS_PER_WRITER = 100;
    private static final int RANDOM_WATCHES = 6;
    private static final int RESUMING_CHAINS = 2;

    @TempDir
    Path dir;

    @Test
    void resumedAndRandomlyStartedWatchesDeliverExactlyTheRevisionsOfTheirRange() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < ROUNDS; round++) {
            runRound(round, new Random(random.nextLong()));
        }
    }

    private void runRound(int round, Random random) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(Files.createTempDirectory(dir, "round" + round))) {
            long rev0 = store.currentRevision();
            ConcurrentSkipListSet<Long> inRange = new ConcurrentSkipListSet<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            List<Thread> writers = startWriters(store, random, inRange, writerFailure);

            List<ResumingChain> chains = new ArrayList<>();
            for (int c = 0; c < RESUMING_CHAINS; c++) {
                long start = rev0 + 1 + random.nextInt(20);
                chains.add(new ResumingChain(store, start, random.nextLong(), writing, inRange));
            }
            chains.forEach(ResumingChain::start);

            List<Recorder> randomWatches = new ArrayList<>();
            for (int i = 0; i < RANDOM_WATCHES; i++) {
                long current = store.currentRevision();
                long from = rev0 + 1 + (long) random.nextInt((int) (current - rev0 + 3));
                Recorder recorder = new Recorder(from);
                recorder.watch = store.watch(WatchRequest.prefix(PREFIX).fromRevision(from), recorder);
                randomWatches.add(recorder);
                long target = current + 1 + random.nextInt(15);
                waiting().until(() -> store.currentRevision() >= target || !anyAlive(writers));
            }

            for (Thread writer : writers) {
                writer.join(WAIT.toMillis());
                assertThat(writer.isAlive()).as("writer still running").isFalse();
            }
            assertThat(writerFailure.get()).as("a writer failed").isNull();
            writing.set(false);
            long last = store.currentRevision();

            for (ResumingChain chain : chains) {
                chain.join(WAIT.toMillis() * 2);
                assertThat(chain.isAlive()).as("resuming chain from %d still running", chain.start).isFalse();
                assertThat(chain.failure.get()).as("resuming chain from %d", chain.start).isNull();
                assertThat(chain.delivered).as("resuming chain from %d (round %d, last %d, resumed at %s)",
                        chain.start, round, last, chain.resumedAt).isEqualTo(expected(inRange, chain.start, last));
            }
            for (Recorder recorder : randomWatches) {
                List<Long> want = expected(inRange, recorder.from, last);
                awaitDelivered(recorder, want, round, last);
                recorder.watch.close();
                assertThat(recorder.revisions).as("watch from %d (round %d, last %d)", recorder.from, round, last)
                        .isEqualTo(want);
                assertThat(recorder.errors).as("errors of the watch from %d", recorder.from).isEmpty();
                assertThat(recorder.broken.get()).as("watch from %d", recorder.from).isNull();
            }
        }
    }

    @Test
    void compactionRacingCatchUpEndsAWatchWithCompactedButNeverWithAGap() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < COMPACTION_ROUNDS; round++) {
            try (EmbeddedStore store = EmbeddedStore.open(Files.createTempDirectory(dir, "compacting" + round))) {
                long rev0 = store.currentRevision();
                ConcurrentSkipListSet<Long> inRange = new ConcurrentSkipListSet<>();
                AtomicReference<Throwable> writerFailure = new AtomicReference<>();
                List<Thread> writers = startWriters(store, random, inRange, writerFailure);
                List<Recorder> watches = new ArrayList<>();
                while (anyAlive(writers)) {
                    long current = store.currentRevision();
                    long compacted = store.compactedRevision();
                    long from = Math.max(rev0 + 1, compacted) + random.nextInt((int) (current - compacted + 2));
                    Recorder recorder = new Recorder(from);
                    recorder.watch = store.watch(WatchRequest.prefix(PREFIX).fromRevision(from), recorder);
                    watches.add(recorder);
                    long target = current - random.nextInt(20);
                    if (target > compacted) {
                        store.compact(target);
                    }
                    long next = current + 1 + random.nextInt(4);
                    waiting().until(() -> store.currentRevision() >= next || !anyAlive(writers));
                }
                assertThat(writerFailure.get()).as("a writer failed").isNull();
                long last = store.currentRevision();
                for (Recorder recorder : watches) {
                    List<Long> want = expected(inRange, recorder.from, last);
                    waiting()
                            .alias("watch from " + recorder.from + " ending (round " + round + ", last " + last + ")")
                            .until(() -> want.isEmpty() || recorder.revisions.contains(want.getLast())
                                    || !recorder.errors.isEmpty() || recorder.broken.get() != null);
                    recorder.watch.close();
                    assertThat(recorder.broken.get()).as("watch from %d", recorder.from).isNull();
                    List<Long> got = List.copyOf(recorder.revisions);
                    assertThat(want.subList(0, Math.min(got.size(), want.size())))
                            .as("watch from %d delivers its revisions in order without gaps", recorder.from)
                            .isEqualTo(got);
                    if (got.size() < want.size()) {
                        assertThat(recorder.errors).as("watch from %d stopped early", recorder.from)
                                .singleElement().isInstanceOf(CompactedException.class);
                    } else {
                        assertThat(recorder.errors).as("watch from %d", recorder.from).isEmpty();
                    }
                }
            }
        }
    }

    private static List<Thread> startWriters(EmbeddedStore store, Random random, ConcurrentSkipListSet<Long> inRange,
            AtomicReference<Throwable> failure) {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            long seed = random.nextLong();
            int writer = w;
            writers.add(Thread.ofPlatform().name("stress-writer-" + w).start(() -> {
                try {
                    write(store, writer, new Random(seed), inRange);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }));
        }
        return writers;
    }

    /** Puts, deletes and multi-key transactions in and out of the watched range; some write nothing. */
    private static void write(EmbeddedStore store, int writer, Random random, ConcurrentSkipListSet<Long> inRange) {
        for (int i = 0; i < OPS_PER_WRITER; i++) {
            String key = PREFIX + writer + "/" + random.nextInt(6);
            byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(10)) {
                case 0 -> {
                    // outside the watched range: a revision the watches must skip
                    store.put("t/" + writer, value);
                }
                case 1 -> {
                    TxnResponse deleted = store.txn(TxnRequest.of(Op.delete(key)));
                    if (((OpResult.DeleteResult) deleted.results().getFirst()).deleted() > 0) {
                        inRange.add(deleted.revision());
                    }
                }
                case 2 -> {
                    // deletes nothing: no new revision
                    store.delete(PREFIX + "absent/" + writer);
                }
                case 3 -> {
                    // a commit without a revision
                    store.grantLease(60);
                }
                case 4 -> inRange.add(store.txn(TxnRequest.of(Op.put(key, value), Op.put("t/x" + writer, value),
                        Op.put(PREFIX + writer + "/pair", value))).revision());
                default -> inRange.add(store.put(key, value));
            }
        }
    }

    /** Polls often: the rounds wait for many short conditions. */
    private static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    private static boolean anyAlive(List<Thread> threads) {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    private static List<Long> expected(ConcurrentSkipListSet<Long> inRange, long from, long last) {
        return from > last ? List.of() : List.copyOf(inRange.subSet(from, true, last, true));
    }

    private static void awaitDelivered(Recorder recorder, List<Long> want, int round, long last) {
        if (want.isEmpty()) {
            return;
        }
        long target = want.getLast();
        waiting()
                .failFast(() -> !recorder.errors.isEmpty() || recorder.broken.get() != null)
                .alias("watch from " + recorder.from + " reaching " + target + " (round " + round + ", last " + last + ")")
                .until(() -> recorder.revisions.contains(target));
    }

    /** Watches, closes after a few deliveries, resumes from the last delivered revision + 1, until the end. */
    private static final class ResumingChain extends Thread {
        final EmbeddedStore store;
        final long start;
        final Random random;
        final AtomicBoolean writing;
        final ConcurrentSkipListSet<Long> inRange;
        final List<Long> delivered = new ArrayList<>();
        final List<Long> resumedAt = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        ResumingChain(EmbeddedStore store, long start, long seed, AtomicBoolean writing,
                ConcurrentSkipListSet<Long> inRange) {
            super("stress-resumer");
            this.store = store;
            this.start = start;
            this.random = new Random(seed);
            this.writing = writing;
            this.inRange = inRange;
        }

        @Override
        public void run() {
            try {
                long next = start;
                while (true) {
                    boolean wasWriting = writing.get();
                    resumedAt.add(next);
                    Recorder link = new Recorder(next);
                    link.watch = store.watch(WatchRequest.prefix(PREFIX).fromRevision(next), link);
                    if (wasWriting) {
                        int batches = 1 + random.nextInt(12);
                        waiting()
                                .failFast(() -> !link.errors.isEmpty() || link.broken.get() != null)
                                .until(() -> link.revisions.size() >= batches || !writing.get());
                        link.watch.close();
                        List<Long> got = link.closedRevisions();
                        delivered.addAll(got);
                        if (!got.isEmpty()) {
                            next = got.getLast() + 1;
                        }
                    } else {
                        // Writes are over: this link must bring the chain to the end.
                        List<Long> want = expected(inRange, next, store.currentRevision());
                        if (!want.isEmpty()) {
                            waiting()
                                    .failFast(() -> !link.errors.isEmpty() || link.broken.get() != null)
                                    .alias("last link from " + next + " reaching " + want.getLast())
                                    .until(() -> link.revisions.contains(want.getLast()));
                        }
                        link.watch.close();
                        delivered.addAll(link.closedRevisions());
                        return;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    /** A watch's deliveries, checking each is one revision, in increasing order, never overlapping. */
    private static final class Recorder implements WatchListener {
        final long from;
        final List<Long> revisions = new CopyOnWriteArrayList<>();
        final List<StoreException> errors = new CopyOnWriteArrayList<>();
        final AtomicReference<String> broken = new AtomicReference<>();
        final AtomicBoolean inCall = new AtomicBoolean();
        volatile Watch watch;

        Recorder(long from) {
            this.from = from;
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            enter();
            long rev = events.getFirst().revision();
            for (WatchEvent e : events) {
                if (e.revision() != rev || !e.kv().key().startsWith(PREFIX)) {
                    broken.compareAndSet(null, "batch mixes revisions or keys out of range: " + events);
                }
            }
            long previous = revisions.isEmpty() ? from - 1 : revisions.getLast();
            if (rev <= previous) {
                broken.compareAndSet(null, "revision " + rev + " after " + previous);
            }
            revisions.add(rev);
            inCall.set(false);
        }

        @Override
        public void onError(StoreException error) {
            enter();
            errors.add(error);
            inCall.set(false);
        }

        private void enter() {
            if (!inCall.compareAndSet(false, true)) {
                broken.compareAndSet(null, "listener calls overlapped");
            }
        }

        /** What the watch delivered, once closed; fails on any error or broken invariant. */
        List<Long> closedRevisions() {
            assertThat(errors).as("errors of the watch from %d", from).isEmpty();
            assertThat(broken.get()).as("watch from %d", from).isNull();
            return List.copyOf(revisions);
        }
    }
}
