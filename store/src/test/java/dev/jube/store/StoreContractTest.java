package dev.jube.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link Store} backend must have: etcd3's, checked against a real etcd.
 * A backend's test extends this class and supplies {@link #newStore()}.
 *
 * <p>A store given to a test holds no keys, but its revision need not start at 1 (several stores
 * may share one etcd, whose revision is global). Every revision assertion is therefore relative
 * to the revision read at the start of the test ({@link #rev0}).
 */
public abstract class StoreContractTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A lease id that no backend hands out in these tests. */
    private static final long UNKNOWN_LEASE = 0x1234_5678_9abc_def1L;

    /** A store holding no keys. Called once before each test. */
    protected abstract Store newStore();

    /** Called after each test, once the store is closed: release what {@link #newStore()} set up. */
    protected void cleanUp() {}

    protected Store store;
    /** The store's revision when the test started. */
    protected long rev0;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openStore() {
        store = newStore();
        rev0 = store.currentRevision();
    }

    /** Closes the store; a test may have closed it already, and closing twice is allowed. */
    @AfterEach
    void closeStore() {
        try {
            watches.forEach(Watch::close);
            store.close();
        } finally {
            cleanUp();
        }
    }

    // --- helpers

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    long put(String key, String value) {
        return store.put(key, bytes(value));
    }

    String value(String key) {
        KeyValue kv = store.get(key);
        return kv == null ? null : kv.valueAsString();
    }

    static List<String> keys(RangeResponse r) {
        return r.kvs().stream().map(KeyValue::key).toList();
    }

    static RangeResponse getResult(TxnResponse r, int i) {
        return ((OpResult.GetResult) r.results().get(i)).response();
    }

    Recorder watch(WatchRequest request) {
        Recorder recorder = new Recorder();
        recorder.watch = store.watch(request, recorder);
        watches.add(recorder.watch);
        return recorder;
    }

    /** Records a watch's deliveries and checks they never overlap. */
    protected static final class Recorder implements WatchListener {
        final List<List<WatchEvent>> batches = new CopyOnWriteArrayList<>();
        final List<StoreException> errors = new CopyOnWriteArrayList<>();
        final AtomicBoolean inCall = new AtomicBoolean();
        final AtomicBoolean overlapped = new AtomicBoolean();
        volatile Watch watch;

        @Override
        public void onEvents(List<WatchEvent> events) {
            enter();
            batches.add(List.copyOf(events));
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
                overlapped.set(true);
            }
        }

        List<WatchEvent> events() {
            List<WatchEvent> all = new ArrayList<>();
            batches.forEach(all::addAll);
            assertThat(overlapped).as("listener calls overlapped").isFalse();
            return all;
        }

        List<Long> revisions() {
            return batches.stream().map(b -> b.getFirst().revision()).toList();
        }

        void awaitEvents(int n) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(events()).hasSizeGreaterThanOrEqualTo(n));
        }
    }

    // ------------------------------------------------------------------ revisions

    @Nested
    class Revisions {

        @Test
        void emptyStoreHasNoKeysAndAPositiveRevision() {
            assertThat(rev0).isPositive();
            RangeResponse all = store.range(RangeRequest.range("\0", Keys.ALL));
            assertThat(all.kvs()).isEmpty();
            assertThat(all.count()).isZero();
            assertThat(all.more()).isFalse();
            assertThat(all.revision()).isEqualTo(rev0);
            assertThat(store.get("a")).isNull();
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }

        @Test
        void everyWritingTxnAddsOneRevision() {
            assertThat(put("a", "1")).isEqualTo(rev0 + 1);
            assertThat(put("b", "1")).isEqualTo(rev0 + 2);
            // Writing the same value again is still a write.
            assertThat(put("b", "1")).isEqualTo(rev0 + 3);
            assertThat(store.delete("a")).isEqualTo(1);
            assertThat(store.currentRevision()).isEqualTo(rev0 + 4);
        }

        @Test
        void keysCarryCreateAndModRevisionVersionAndLease() {
            long r1 = put("k", "v1");
            KeyValue kv = store.get("k");
            assertThat(kv.key()).isEqualTo("k");
            assertThat(kv.valueAsString()).isEqualTo("v1");
            assertThat(kv.createRevision()).isEqualTo(r1);
            assertThat(kv.modRevision()).isEqualTo(r1);
            assertThat(kv.version()).isEqualTo(1);
            assertThat(kv.lease()).isZero();

            long r2 = put("k", "v2");
            kv = store.get("k");
            assertThat(kv.createRevision()).isEqualTo(r1);
            assertThat(kv.modRevision()).isEqualTo(r2);
            assertThat(kv.version()).isEqualTo(2);
        }

        @Test
        void deleteAndRecreateStartsANewLife() {
            put("k", "v1");
            put("k", "v2");
            store.delete("k");
            assertThat(store.get("k")).isNull();
            long r = put("k", "v3");
            KeyValue kv = store.get("k");
            assertThat(kv.createRevision()).isEqualTo(r);
            assertThat(kv.modRevision()).isEqualTo(r);
            assertThat(kv.version()).isEqualTo(1);
            assertThat(r).isEqualTo(rev0 + 4);
        }

        @Test
        void aTxnThatChangesNothingKeepsTheRevision() {
            long r = put("k", "v");
            TxnResponse del = store.txn(TxnRequest.of(Op.delete("missing")));
            assertThat(del.succeeded()).isTrue();
            assertThat(del.revision()).isEqualTo(r);
            assertThat(((OpResult.DeleteResult) del.results().getFirst()).deleted()).isZero();

            TxnResponse rangeDelete = store.txn(TxnRequest.of(Op.deletePrefix("nothing/")));
            assertThat(rangeDelete.revision()).isEqualTo(r);

            TxnResponse failed = store.txn(TxnRequest.when(Compare.absent("k"), Op.put("k", bytes("x"))));
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.revision()).isEqualTo(r);

            TxnResponse readOnly = store.txn(TxnRequest.of(Op.get("k")));
            assertThat(readOnly.revision()).isEqualTo(r);
            assertThat(store.currentRevision()).isEqualTo(r);
        }

        @Test
        void aMultiOpTxnIsOneRevision() {
            put("a", "0");
            TxnResponse r = store.txn(TxnRequest.of(
                    Op.put("b", bytes("1")), Op.put("c", bytes("2")), Op.delete("a"), Op.delete("missing")));
            assertThat(r.succeeded()).isTrue();
            assertThat(r.revision()).isEqualTo(rev0 + 2);
            assertThat(r.results()).hasSize(4);
            assertThat(store.get("b").modRevision()).isEqualTo(rev0 + 2);
            assertThat(store.get("c").modRevision()).isEqualTo(rev0 + 2);
            assertThat(store.get("a")).isNull();
            assertThat(((OpResult.DeleteResult) r.results().get(2)).deleted()).isEqualTo(1);
            assertThat(((OpResult.DeleteResult) r.results().get(3)).deleted()).isZero();
        }

        @Test
        void txnResultsFollowTheOperationOrder() {
            put("a", "old");
            TxnResponse r = store.txn(TxnRequest.of(
                    Op.get("a"),
                    new Op.Put("a", bytes("new"), 0, true),
                    new Op.Put("fresh", bytes("f"), 0, true),
                    new Op.Delete("fresh2", "", true),
                    Op.get("a")));
            assertThat(r.results()).hasSize(5);
            // A read inside a txn sees the txn's earlier writes (etcd runs the operations in order).
            assertThat(getResult(r, 0).kvs().getFirst().valueAsString()).isEqualTo("old");
            assertThat(((OpResult.PutResult) r.results().get(1)).prevKv().valueAsString()).isEqualTo("old");
            assertThat(((OpResult.PutResult) r.results().get(2)).prevKv()).isNull();
            assertThat(((OpResult.DeleteResult) r.results().get(3)).prevKvs()).isEmpty();
            RangeResponse reread = getResult(r, 4);
            assertThat(reread.kvs().getFirst().valueAsString()).isEqualTo("new");
            assertThat(reread.kvs().getFirst().modRevision()).isEqualTo(r.revision());
            assertThat(value("a")).isEqualTo("new");
        }

        @Test
        void aTxnMayNotWriteTheSameKeyTwice() {
            assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("k", bytes("1")), Op.put("k", bytes("2")))))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("k", bytes("1")), Op.delete("k"))))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(store.get("k")).isNull();
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }
    }

    // ------------------------------------------------------------------ compare-and-swap

    @Nested
    class CompareAndSwap {

        @Test
        void createIfAbsent() {
            TxnResponse first = store.txn(TxnRequest.when(Compare.absent("k"), Op.put("k", bytes("first"))));
            assertThat(first.succeeded()).isTrue();
            assertThat(first.revision()).isEqualTo(rev0 + 1);
            assertThat(first.results()).singleElement().isInstanceOf(OpResult.PutResult.class);

            TxnResponse second = store.txn(TxnRequest.when(Compare.absent("k"), Op.put("k", bytes("second"))));
            assertThat(second.succeeded()).isFalse();
            assertThat(second.revision()).isEqualTo(rev0 + 1);
            // The failure branch read the key: the caller learns why.
            RangeResponse why = getResult(second, 0);
            assertThat(why.kvs()).singleElement().satisfies(kv -> {
                assertThat(kv.valueAsString()).isEqualTo("first");
                assertThat(kv.modRevision()).isEqualTo(rev0 + 1);
            });
            assertThat(value("k")).isEqualTo("first");
        }

        @Test
        void updateIfUnchanged() {
            long r1 = put("k", "v1");
            TxnResponse ok = store.txn(TxnRequest.when(Compare.modRevision("k", r1), Op.put("k", bytes("v2"))));
            assertThat(ok.succeeded()).isTrue();
            long r2 = ok.revision();
            assertThat(r2).isEqualTo(r1 + 1);

            // A writer still holding r1 loses.
            TxnResponse stale = store.txn(TxnRequest.when(Compare.modRevision("k", r1), Op.put("k", bytes("v3"))));
            assertThat(stale.succeeded()).isFalse();
            assertThat(getResult(stale, 0).kvs().getFirst().modRevision()).isEqualTo(r2);
            assertThat(value("k")).isEqualTo("v2");
            assertThat(store.currentRevision()).isEqualTo(r2);
        }

        @Test
        void updateOfAMissingKeyFailsOnModRevision() {
            TxnResponse r = store.txn(TxnRequest.when(Compare.modRevision("k", rev0), Op.put("k", bytes("v"))));
            assertThat(r.succeeded()).isFalse();
            assertThat(getResult(r, 0).kvs()).isEmpty();
            assertThat(store.get("k")).isNull();
        }

        @Test
        void deleteIfUnchanged() {
            long r1 = put("k", "v1");
            long r2 = put("k", "v2");
            TxnResponse stale = store.txn(TxnRequest.when(Compare.modRevision("k", r1), Op.delete("k")));
            assertThat(stale.succeeded()).isFalse();
            assertThat(value("k")).isEqualTo("v2");

            TxnResponse ok = store.txn(new TxnRequest(List.of(Compare.modRevision("k", r2)),
                    List.of(new Op.Delete("k", "", true)), List.of()));
            assertThat(ok.succeeded()).isTrue();
            assertThat(ok.revision()).isEqualTo(r2 + 1);
            OpResult.DeleteResult deleted = (OpResult.DeleteResult) ok.results().getFirst();
            assertThat(deleted.deleted()).isEqualTo(1);
            assertThat(deleted.prevKvs()).singleElement().satisfies(kv -> {
                assertThat(kv.valueAsString()).isEqualTo("v2");
                assertThat(kv.modRevision()).isEqualTo(r2);
            });
            assertThat(store.get("k")).isNull();
        }

        @Test
        void everyCompareMustHold() {
            long r = put("a", "1");
            put("b", "1");
            TxnRequest both = new TxnRequest(
                    List.of(Compare.modRevision("a", r), Compare.absent("b")),
                    List.of(Op.put("c", bytes("yes"))),
                    List.of(Op.put("c", bytes("no")), Op.get("b")));
            TxnResponse response = store.txn(both);
            assertThat(response.succeeded()).isFalse();
            assertThat(response.results()).hasSize(2);
            // The failure branch may write too.
            assertThat(value("c")).isEqualTo("no");
            assertThat(response.revision()).isEqualTo(rev0 + 3);
        }

        @Test
        void comparesOnVersionCreateRevisionAndOrdering() {
            long r1 = put("k", "1");
            put("k", "2");
            assertThat(holds(new Compare("k", Compare.Target.VERSION, Compare.Result.EQUAL, 2))).isTrue();
            assertThat(holds(new Compare("k", Compare.Target.VERSION, Compare.Result.GREATER, 1))).isTrue();
            assertThat(holds(new Compare("k", Compare.Target.VERSION, Compare.Result.LESS, 2))).isFalse();
            assertThat(holds(new Compare("k", Compare.Target.CREATE, Compare.Result.EQUAL, r1))).isTrue();
            assertThat(holds(new Compare("k", Compare.Target.CREATE, Compare.Result.NOT_EQUAL, r1))).isFalse();
            assertThat(holds(new Compare("k", Compare.Target.MOD, Compare.Result.GREATER, r1))).isTrue();
            assertThat(holds(new Compare("k", Compare.Target.MOD, Compare.Result.LESS, r1 + 1))).isFalse();
            assertThat(holds(Compare.exists("k"))).isTrue();
            assertThat(holds(Compare.exists("missing"))).isFalse();
            assertThat(holds(Compare.absent("missing"))).isTrue();
            // An absent key has create and mod revision 0.
            assertThat(holds(new Compare("missing", Compare.Target.MOD, Compare.Result.EQUAL, 0))).isTrue();
            assertThat(holds(new Compare("missing", Compare.Target.CREATE, Compare.Result.EQUAL, 0))).isTrue();
        }

        private boolean holds(Compare c) {
            return store.txn(new TxnRequest(List.of(c), List.of(), List.of())).succeeded();
        }

        @Test
        void concurrentIncrementsLoseNoUpdate() throws Exception {
            int threads = 16;
            int increments = 10;
            put("counter", "0");
            AtomicInteger conflicts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < increments; i++) {
                            KeyValue current = store.get("counter");
                            while (true) {
                                int next = Integer.parseInt(current.valueAsString()) + 1;
                                TxnResponse r = store.txn(TxnRequest.when(
                                        Compare.modRevision("counter", current.modRevision()),
                                        Op.put("counter", bytes(Integer.toString(next)))));
                                if (r.succeeded()) {
                                    break;
                                }
                                conflicts.incrementAndGet();
                                current = getResult(r, 0).kvs().getFirst();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            KeyValue counter = store.get("counter");
            assertThat(counter.valueAsString()).isEqualTo(Integer.toString(threads * increments));
            assertThat(counter.version()).isEqualTo(1 + threads * increments);
            // Only successful swaps wrote.
            assertThat(store.currentRevision()).isEqualTo(rev0 + 1 + threads * increments);
        }

        @Test
        void exactlyOneRacingCreatorWins() throws Exception {
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Integer> winners = Collections.synchronizedList(new ArrayList<>());
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        TxnResponse r = store.txn(TxnRequest.when(Compare.absent("leader"),
                                Op.put("leader", bytes("candidate-" + me))));
                        if (r.succeeded()) {
                            winners.add(me);
                        } else {
                            assertThat(getResult(r, 0).kvs()).hasSize(1);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(winners).hasSize(1);
            assertThat(value("leader")).isEqualTo("candidate-" + winners.getFirst());
            assertThat(store.get("leader").version()).isEqualTo(1);
            assertThat(store.currentRevision()).isEqualTo(rev0 + 1);
        }
    }

    // ------------------------------------------------------------------ range

    @Nested
    class Range {

        @BeforeEach
        void fill() {
            for (String k : List.of("a", "b/1", "b/2", "b/3", "b0", "c", "d")) {
                put(k, "value-" + k);
            }
        }

        @Test
        void singleKey() {
            RangeResponse r = store.range(RangeRequest.key("b/2"));
            assertThat(keys(r)).containsExactly("b/2");
            assertThat(r.kvs().getFirst().valueAsString()).isEqualTo("value-b/2");
            assertThat(r.count()).isEqualTo(1);
            assertThat(r.more()).isFalse();
            assertThat(r.revision()).isEqualTo(rev0 + 7);
            // A single-key read does not match other keys starting with it.
            assertThat(keys(store.range(RangeRequest.key("b")))).isEmpty();
        }

        @Test
        void prefix() {
            RangeResponse r = store.range(RangeRequest.prefix("b/"));
            assertThat(keys(r)).containsExactly("b/1", "b/2", "b/3");
            assertThat(r.count()).isEqualTo(3);
            assertThat(keys(store.range(RangeRequest.prefix("b")))).containsExactly("b/1", "b/2", "b/3", "b0");
            assertThat(keys(store.range(RangeRequest.prefix("x/")))).isEmpty();
        }

        @Test
        void halfOpenRange() {
            assertThat(keys(store.range(RangeRequest.range("b/2", "c")))).containsExactly("b/2", "b/3", "b0");
            assertThat(keys(store.range(RangeRequest.range("a", "b/1")))).containsExactly("a");
            // An end at or before the start is an empty range.
            assertThat(keys(store.range(RangeRequest.range("c", "b")))).isEmpty();
            assertThat(keys(store.range(RangeRequest.range("c", "c")))).isEmpty();
        }

        @Test
        void toTheEnd() {
            assertThat(keys(store.range(RangeRequest.range("b0", Keys.ALL)))).containsExactly("b0", "c", "d");
            RangeResponse all = store.range(RangeRequest.range("\0", Keys.ALL));
            assertThat(keys(all)).containsExactly("a", "b/1", "b/2", "b/3", "b0", "c", "d");
            assertThat(all.count()).isEqualTo(7);
        }

        @Test
        void keysAreOrderedByUtf8Bytes() {
            // 'é' (0xC3 0xA9) sorts after 'z'; 'Z' before 'a'.
            put("p/é", "1");
            put("p/z", "1");
            put("p/Z", "1");
            put("p/a", "1");
            assertThat(keys(store.range(RangeRequest.prefix("p/")))).containsExactly("p/Z", "p/a", "p/z", "p/é");
        }

        @Test
        void limitReportsMoreAndTheWholeCount() {
            RangeResponse r = store.range(RangeRequest.prefix("b").withLimit(2));
            assertThat(keys(r)).containsExactly("b/1", "b/2");
            assertThat(r.more()).isTrue();
            assertThat(r.count()).isEqualTo(4);

            RangeResponse exact = store.range(RangeRequest.prefix("b").withLimit(4));
            assertThat(exact.kvs()).hasSize(4);
            assertThat(exact.more()).isFalse();
            assertThat(exact.count()).isEqualTo(4);
        }

        @Test
        void pagingThroughAPrefixAtOneRevision() {
            for (int i = 0; i < 25; i++) {
                put(String.format("page/%03d", i), "v" + i);
            }
            long at = store.currentRevision();
            List<String> seen = new ArrayList<>();
            String from = "page/";
            String end = Keys.prefixEnd("page/");
            int pages = 0;
            while (true) {
                RangeResponse page = store.range(RangeRequest.range(from, end).atRevision(at).withLimit(10));
                pages++;
                seen.addAll(keys(page));
                // Writes between pages do not show up: the reads are at one revision.
                put("page/" + pages + "-late", "x");
                if (!page.more()) {
                    break;
                }
                // Continue right after the last key read.
                from = page.kvs().getLast().key() + "\0";
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
            assertThat(seen.getFirst()).isEqualTo("page/000");
        }

        @Test
        void keysOnly() {
            RangeResponse r = store.range(RangeRequest.prefix("b/").withKeysOnly());
            assertThat(keys(r)).containsExactly("b/1", "b/2", "b/3");
            assertThat(r.kvs()).allSatisfy(kv -> {
                assertThat(kv.value()).isEmpty();
                assertThat(kv.version()).isEqualTo(1);
                assertThat(kv.modRevision()).isGreaterThan(rev0);
            });
        }

        @Test
        void countOnly() {
            RangeResponse r = store.range(RangeRequest.prefix("b").withCountOnly());
            assertThat(r.kvs()).isEmpty();
            assertThat(r.count()).isEqualTo(4);
            assertThat(r.revision()).isEqualTo(rev0 + 7);
        }

        @Test
        void readingAnOlderRevisionSeesOldValuesAndDeletedKeys() {
            long before = store.currentRevision();
            put("a", "changed");
            store.delete("c");
            store.txn(TxnRequest.of(Op.deletePrefix("b/")));

            RangeResponse now = store.range(RangeRequest.range("\0", Keys.ALL));
            assertThat(keys(now)).containsExactly("a", "b0", "d");
            assertThat(now.kvs().getFirst().valueAsString()).isEqualTo("changed");

            RangeResponse old = store.range(RangeRequest.range("\0", Keys.ALL).atRevision(before));
            assertThat(keys(old)).containsExactly("a", "b/1", "b/2", "b/3", "b0", "c", "d");
            assertThat(old.kvs().getFirst().valueAsString()).isEqualTo("value-a");
            assertThat(old.count()).isEqualTo(7);
            // The response carries the current revision, not the one read at.
            assertThat(old.revision()).isEqualTo(before + 3);

            assertThat(store.range(RangeRequest.key("c").atRevision(before)).kvs()).singleElement()
                    .satisfies(kv -> assertThat(kv.valueAsString()).isEqualTo("value-c"));
            // Before the key was written it did not exist.
            assertThat(store.range(RangeRequest.key("d").atRevision(rev0 + 6)).kvs()).isEmpty();
            assertThat(store.range(RangeRequest.key("d").atRevision(rev0 + 7)).kvs()).hasSize(1);
        }

        @Test
        void readingAFutureRevisionFails() {
            long current = store.currentRevision();
            assertThat(store.range(RangeRequest.key("a").atRevision(current)).kvs()).hasSize(1);
            assertThatThrownBy(() -> store.range(RangeRequest.key("a").atRevision(current + 1)))
                    .isInstanceOf(FutureRevisionException.class);
            assertThatThrownBy(() -> store.range(RangeRequest.prefix("b").atRevision(current + 1000)))
                    .isInstanceOf(FutureRevisionException.class);
        }

        @Test
        void rangeDeleteRemovesJustTheRange() {
            TxnResponse r = store.txn(TxnRequest.of(new Op.Delete("b/2", "b0", true)));
            OpResult.DeleteResult d = (OpResult.DeleteResult) r.results().getFirst();
            assertThat(d.deleted()).isEqualTo(2);
            assertThat(d.prevKvs()).extracting(KeyValue::key).containsExactly("b/2", "b/3");
            assertThat(keys(store.range(RangeRequest.range("\0", Keys.ALL))))
                    .containsExactly("a", "b/1", "b0", "c", "d");
            assertThat(r.revision()).isEqualTo(rev0 + 8);
        }
    }

    // ------------------------------------------------------------------ watch

    @Nested
    class Watching {

        @Test
        void deliversEveryChangeInRevisionOrder() {
            Recorder w = watch(WatchRequest.prefix("w/"));
            Random random = new Random(7);
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String key = "w/" + random.nextInt(10);
                written.add(i % 7 == 6 ? deleteReturningRevision(key) : put(key, "v" + i));
            }
            put("other/x", "not watched");
            written.removeIf(r -> r < 0);
            w.awaitEvents(written.size());
            assertThat(w.revisions()).containsExactlyElementsOf(written);
            assertThat(w.events()).allSatisfy(e -> assertThat(e.kv().key()).startsWith("w/"));
            assertThat(w.batches).allSatisfy(b -> assertThat(b).hasSize(1));
            assertThat(w.errors).isEmpty();
        }

        private long deleteReturningRevision(String key) {
            TxnResponse r = store.txn(TxnRequest.of(Op.delete(key)));
            return ((OpResult.DeleteResult) r.results().getFirst()).deleted() > 0 ? r.revision() : -1;
        }

        @Test
        void eventsCarryTheKeyState() {
            Recorder w = watch(WatchRequest.prefix("w/"));
            long r1 = put("w/a", "1");
            long r2 = put("w/a", "2");
            w.awaitEvents(2);
            WatchEvent first = w.events().get(0);
            assertThat(first.type()).isEqualTo(WatchEvent.Type.PUT);
            assertThat(first.kv()).isEqualTo(new KeyValue("w/a", bytes("1"), r1, r1, 1, 0));
            assertThat(first.revision()).isEqualTo(r1);
            WatchEvent second = w.events().get(1);
            assertThat(second.kv()).isEqualTo(new KeyValue("w/a", bytes("2"), r1, r2, 2, 0));
        }

        @Test
        void aMultiOpTxnIsOneDeliveryInOperationOrder() {
            put("w/gone", "x");
            Recorder w = watch(WatchRequest.prefix("w/"));
            TxnResponse r = store.txn(TxnRequest.of(
                    Op.put("w/c", bytes("1")), Op.put("w/a", bytes("2")), Op.delete("w/gone"), Op.put("other", bytes("3"))));
            long after = put("w/b", "4");
            w.awaitEvents(4);
            assertThat(w.batches).hasSize(2);
            List<WatchEvent> txn = w.batches.get(0);
            assertThat(txn).extracting(e -> e.kv().key()).containsExactly("w/c", "w/a", "w/gone");
            assertThat(txn).extracting(WatchEvent::type)
                    .containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
            assertThat(txn).allSatisfy(e -> assertThat(e.revision()).isEqualTo(r.revision()));
            assertThat(w.batches.get(1)).singleElement().satisfies(e -> assertThat(e.revision()).isEqualTo(after));
        }

        @Test
        void prevKvAndTheShapeOfADelete() {
            Recorder w = watch(WatchRequest.prefix("w/"));
            long r1 = put("w/k", "1");
            long r2 = put("w/k", "2");
            long r3 = store.txn(TxnRequest.of(Op.delete("w/k"))).revision();
            w.awaitEvents(3);
            List<WatchEvent> events = w.events();
            assertThat(events.get(0).prevKv()).isNull();
            assertThat(events.get(1).prevKv()).isEqualTo(new KeyValue("w/k", bytes("1"), r1, r1, 1, 0));

            WatchEvent delete = events.get(2);
            assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(delete.kv().key()).isEqualTo("w/k");
            assertThat(delete.kv().value()).isEmpty();
            assertThat(delete.kv().modRevision()).isEqualTo(r3);
            assertThat(delete.revision()).isEqualTo(r3);
            // etcd zeroes the rest of a tombstone.
            assertThat(delete.kv().createRevision()).isZero();
            assertThat(delete.kv().version()).isZero();
            assertThat(delete.prevKv()).isEqualTo(new KeyValue("w/k", bytes("2"), r1, r2, 2, 0));
        }

        @Test
        void withoutPrevKvEventsHaveNone() {
            Recorder w = watch(new WatchRequest("w/k", "", 0, false));
            put("w/k", "1");
            put("w/k", "2");
            store.delete("w/k");
            w.awaitEvents(3);
            assertThat(w.events()).allSatisfy(e -> assertThat(e.prevKv()).isNull());
        }

        @Test
        void aSingleKeyWatchSeesOnlyThatKey() {
            Recorder w = watch(WatchRequest.key("w/k"));
            put("w/k2", "no");
            put("w/", "no");
            put("w/k", "yes");
            long last = put("w/k", "yes again");
            w.awaitEvents(2);
            assertThat(w.events()).extracting(e -> e.kv().key()).containsExactly("w/k", "w/k");
            assertThat(w.events().getLast().revision()).isEqualTo(last);
        }

        @Test
        void aRangeWatchSeesOnlyTheRange() {
            Recorder w = watch(new WatchRequest("m", "p", 0, false));
            put("l", "no");
            put("m", "yes");
            put("o/deep", "yes");
            put("p", "no");
            long last = put("n", "yes");
            w.awaitEvents(3);
            assertThat(w.events()).extracting(e -> e.kv().key()).containsExactly("m", "o/deep", "n");
            assertThat(w.events().getLast().revision()).isEqualTo(last);
        }

        @Test
        void watchFromZeroSeesOnlyLaterChanges() {
            put("w/before", "x");
            Recorder w = watch(WatchRequest.prefix("w/"));
            long r = put("w/after", "y");
            w.awaitEvents(1);
            // Events arrive in revision order, so an older one would have come first.
            assertThat(w.events()).singleElement().satisfies(e -> {
                assertThat(e.kv().key()).isEqualTo("w/after");
                assertThat(e.revision()).isEqualTo(r);
            });
        }

        @Test
        void watchFromAFutureRevisionStartsThere() {
            long from = rev0 + 3;
            Recorder w = watch(WatchRequest.prefix("w/").fromRevision(from));
            put("w/a", "1");
            put("w/a", "2");
            long r3 = put("w/a", "3");
            long r4 = put("w/b", "4");
            w.awaitEvents(2);
            assertThat(r3).isEqualTo(from);
            assertThat(w.revisions()).containsExactly(r3, r4);
            assertThat(w.errors).isEmpty();
        }

        @Test
        void watchFromAPastRevisionReplaysHistory() {
            long r1 = put("w/a", "1");
            long r2 = put("w/b", "2");
            long r3 = put("w/a", "3");
            Recorder w = watch(WatchRequest.prefix("w/").fromRevision(r2));
            long r4 = put("w/c", "4");
            w.awaitEvents(3);
            assertThat(w.revisions()).containsExactly(r2, r3, r4);
            assertThat(w.events().get(1).prevKv()).isEqualTo(new KeyValue("w/a", bytes("1"), r1, r1, 1, 0));
        }

        private static void awaitLatch(CountDownLatch latch) {
            try {
                if (!latch.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first watch was never closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Test
        void resumingFromARevisionWhileWritesContinueHasNoGapsOrDuplicates() throws Exception {
            int writes = 150;
            List<Long> written = new CopyOnWriteArrayList<>();
            // Half-way, the writer waits until the first watch is closed, so the second watch
            // always resumes while writes are still coming (otherwise a fast writer could finish
            // before the first watch closes, and there would be nothing left to resume).
            CountDownLatch firstClosed = new CountDownLatch(1);
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < writes; i++) {
                    if (i == writes / 2) {
                        awaitLatch(firstClosed);
                    }
                    written.add(put("w/" + (i % 13), "v" + i));
                }
            });
            try {
                Recorder first = watch(WatchRequest.prefix("w/").fromRevision(rev0 + 1));
                await().atMost(WAIT).until(() -> first.batches.size() >= 20);
                first.watch.close();
                List<Long> seen = new ArrayList<>(first.revisions());
                firstClosed.countDown();
                long resumeAt = seen.getLast() + 1;

                Recorder second = watch(WatchRequest.prefix("w/").fromRevision(resumeAt));
                writer.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(writer.isAlive()).isFalse();
                await().atMost(WAIT).until(() -> second.revisions().contains(written.getLast()));
                seen.addAll(second.revisions());
                assertThat(seen).containsExactlyElementsOf(written);
                assertThat(second.errors).isEmpty();
            } finally {
                writer.join(TimeUnit.SECONDS.toMillis(60));
            }
        }

        @Test
        void closeStopsDelivery() {
            Recorder closed = watch(WatchRequest.prefix("w/"));
            put("w/1", "x");
            closed.awaitEvents(1);
            closed.watch.close();
            closed.watch.close();

            Recorder witness = watch(WatchRequest.prefix("w/"));
            put("w/2", "y");
            long last = put("w/3", "z");
            await().atMost(WAIT).until(() -> witness.revisions().contains(last));
            assertThat(closed.events()).hasSize(1);
            assertThat(closed.errors).isEmpty();
        }

        @Test
        void manyWatchesOnOneStoreAreIndependent() {
            List<Recorder> recorders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                recorders.add(watch(WatchRequest.prefix("w/" + i + "/")));
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    put("w/" + i + "/k" + round, "v");
                }
            }
            for (int i = 0; i < 5; i++) {
                Recorder r = recorders.get(i);
                String prefix = "w/" + i + "/";
                r.awaitEvents(3);
                assertThat(r.events()).hasSize(3).allSatisfy(e -> assertThat(e.kv().key()).startsWith(prefix));
            }
        }
    }

    // ------------------------------------------------------------------ compaction

    @Nested
    class Compaction {

        @Test
        void readsBelowTheCompactedRevisionFail() {
            long r1 = put("k", "1");
            long r2 = put("k", "2");
            long r3 = put("other", "x");
            store.compact(r2);

            assertThatThrownBy(() -> store.range(RangeRequest.key("k").atRevision(r1)))
                    .isInstanceOfSatisfying(CompactedException.class,
                            e -> assertThat(e.compactRevision()).isEqualTo(r2));
            // The compacted revision itself stays readable.
            assertThat(store.range(RangeRequest.key("k").atRevision(r2)).kvs().getFirst().valueAsString())
                    .isEqualTo("2");
            assertThat(store.range(RangeRequest.key("other").atRevision(r2)).kvs()).isEmpty();
            assertThat(store.range(RangeRequest.key("other").atRevision(r3)).kvs()).hasSize(1);
            // Latest reads and writes go on.
            assertThat(value("k")).isEqualTo("2");
            assertThat(put("k", "3")).isEqualTo(r3 + 1);
        }

        @Test
        void aWatchFromACompactedRevisionGetsAnError() {
            long r1 = put("w/k", "1");
            long r2 = put("w/k", "2");
            store.compact(r2);

            Recorder tooOld = watch(WatchRequest.prefix("w/").fromRevision(r1));
            await().atMost(WAIT).until(() -> !tooOld.errors.isEmpty());
            assertThat(tooOld.errors).singleElement().isInstanceOfSatisfying(CompactedException.class,
                    e -> assertThat(e.compactRevision()).isEqualTo(r2));
            assertThat(tooOld.batches).isEmpty();

            // Watching from the compacted revision itself still works.
            Recorder fromCompaction = watch(WatchRequest.prefix("w/").fromRevision(r2));
            long r3 = put("w/k", "3");
            fromCompaction.awaitEvents(2);
            assertThat(fromCompaction.revisions()).containsExactly(r2, r3);
            assertThat(fromCompaction.errors).isEmpty();
            assertThat(tooOld.batches).isEmpty();
        }

        @Test
        void compactingAgainOrIntoTheFutureFails() {
            long r1 = put("k", "1");
            long r2 = put("k", "2");
            store.compact(r2);
            assertThatThrownBy(() -> store.compact(r2)).isInstanceOf(CompactedException.class);
            assertThatThrownBy(() -> store.compact(r1)).isInstanceOf(CompactedException.class);
            put("k", "3");
            long current = store.currentRevision();
            assertThatThrownBy(() -> store.compact(current + 1)).isInstanceOf(FutureRevisionException.class);
            // Compacting up to the current revision is allowed.
            store.compact(current);
            assertThat(value("k")).isEqualTo("3");
            assertThatThrownBy(() -> store.range(RangeRequest.key("k").atRevision(current - 1)))
                    .isInstanceOf(CompactedException.class);
        }
    }

    // ------------------------------------------------------------------ leases

    @Nested
    class Leases {

        @Test
        void grantAndPutWithALease() {
            LeaseGrant lease = store.grantLease(30);
            assertThat(lease.id()).isNotZero();
            assertThat(lease.ttlSeconds()).isGreaterThanOrEqualTo(30);
            store.txn(TxnRequest.of(Op.put("k", bytes("v"), lease.id())));
            assertThat(store.get("k").lease()).isEqualTo(lease.id());
            assertThat(store.keepAliveLease(lease.id())).isEqualTo(lease.ttlSeconds());
            // A put without a lease detaches the key.
            put("k", "v2");
            assertThat(store.get("k").lease()).isZero();
            store.revokeLease(lease.id());
            assertThat(value("k")).isEqualTo("v2");
        }

        @Test
        void aShortTtlMayBeRaisedToTheBackendMinimum() {
            LeaseGrant lease = store.grantLease(1);
            assertThat(lease.ttlSeconds()).isGreaterThanOrEqualTo(1);
            store.revokeLease(lease.id());
        }

        @Test
        void expiryDeletesKeysWithOrdinaryDeleteEvents() {
            LeaseGrant lease = store.grantLease(1);
            Recorder w = watch(WatchRequest.prefix("l/"));
            store.txn(TxnRequest.of(Op.put("l/a", bytes("1"), lease.id()), Op.put("l/b", bytes("2"), lease.id())));
            put("l/keep", "3");
            await().atMost(Duration.ofSeconds(lease.ttlSeconds() + 20))
                    .until(() -> store.get("l/a") == null && store.get("l/b") == null);
            w.awaitEvents(5);
            List<WatchEvent> events = w.events().subList(3, 5);
            assertThat(events).extracting(e -> e.kv().key()).containsExactlyInAnyOrder("l/a", "l/b");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETE);
                assertThat(e.prevKv().lease()).isEqualTo(lease.id());
            });
            assertThat(value("l/keep")).isEqualTo("3");
            assertThatThrownBy(() -> store.keepAliveLease(lease.id())).isInstanceOf(LeaseNotFoundException.class);
        }

        @Test
        void keepAliveExtendsALease() throws InterruptedException {
            LeaseGrant lease = store.grantLease(1);
            store.txn(TxnRequest.of(Op.put("k", bytes("v"), lease.id())));
            // Time passing is the point here: keep it alive for well over its TTL.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lease.ttlSeconds() * 1000L + 1000);
            while (System.nanoTime() < until) {
                assertThat(store.keepAliveLease(lease.id())).isEqualTo(lease.ttlSeconds());
                Thread.sleep(300);
            }
            assertThat(value("k")).isEqualTo("v");
            await().atMost(Duration.ofSeconds(lease.ttlSeconds() + 20)).until(() -> store.get("k") == null);
        }

        @Test
        void revokeDeletesTheKeysInOneRevision() {
            LeaseGrant lease = store.grantLease(60);
            store.txn(TxnRequest.of(Op.put("l/a", bytes("1"), lease.id())));
            store.txn(TxnRequest.of(Op.put("l/b", bytes("2"), lease.id())));
            long before = store.currentRevision();
            Recorder w = watch(WatchRequest.prefix("l/"));
            store.revokeLease(lease.id());
            assertThat(store.get("l/a")).isNull();
            assertThat(store.get("l/b")).isNull();
            assertThat(store.currentRevision()).isEqualTo(before + 1);
            w.awaitEvents(2);
            assertThat(w.batches).singleElement().satisfies(batch -> assertThat(batch)
                    .extracting(e -> e.kv().key()).containsExactlyInAnyOrder("l/a", "l/b"));
            assertThat(w.events()).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETE);
                assertThat(e.revision()).isEqualTo(before + 1);
            });
            assertThatThrownBy(() -> store.revokeLease(lease.id())).isInstanceOf(LeaseNotFoundException.class);
        }

        @Test
        void revokingALeaseWithoutKeysWritesNothing() {
            LeaseGrant lease = store.grantLease(60);
            store.revokeLease(lease.id());
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }

        @Test
        void anUnknownLeaseIsNotFound() {
            assertThatThrownBy(() -> store.keepAliveLease(UNKNOWN_LEASE)).isInstanceOf(LeaseNotFoundException.class);
            assertThatThrownBy(() -> store.revokeLease(UNKNOWN_LEASE)).isInstanceOf(LeaseNotFoundException.class);
            assertThatThrownBy(() -> store.txn(TxnRequest.of(Op.put("k", bytes("v"), UNKNOWN_LEASE))))
                    .isInstanceOf(LeaseNotFoundException.class);
            assertThat(store.get("k")).isNull();
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }
    }

    // ------------------------------------------------------------------ sizes and bad input

    @Nested
    class Limits {

        @Test
        void aOneMebibyteValueRoundTrips() {
            byte[] value = new byte[1024 * 1024];
            new Random(1).nextBytes(value);
            long r = store.put("big", value);
            KeyValue kv = store.get("big");
            assertThat(kv.modRevision()).isEqualTo(r);
            assertThat(Arrays.equals(kv.value(), value)).isTrue();
        }

        @Test
        void aRequestAboveTheLimitFailsAndWritesNothing() {
            byte[] value = new byte[2 * 1024 * 1024];
            assertThatThrownBy(() -> store.put("huge", value)).isInstanceOf(RequestTooLargeException.class);
            // Several values that are fine alone are too much in one txn.
            byte[] part = new byte[600 * 1024];
            assertThatThrownBy(() -> store.txn(TxnRequest.of(
                    Op.put("p1", part), Op.put("p2", part), Op.put("p3", part))))
                    .isInstanceOf(RequestTooLargeException.class);
            assertThat(store.get("huge")).isNull();
            assertThat(store.get("p1")).isNull();
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }

        @Test
        void anEmptyKeyIsInvalid() {
            assertThatThrownBy(() -> store.put("", bytes("v"))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store.range(RangeRequest.key(""))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store.range(RangeRequest.range("", Keys.ALL)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store.delete("")).isInstanceOf(InvalidRequestException.class);
            assertThat(store.currentRevision()).isEqualTo(rev0);
        }

        @Test
        void anEmptyValueIsStillAValue() {
            long r = store.put("k", new byte[0]);
            KeyValue kv = store.get("k");
            assertThat(kv).isNotNull();
            assertThat(kv.value()).isEmpty();
            assertThat(kv.modRevision()).isEqualTo(r);
            assertThat(store.txn(new TxnRequest(List.of(Compare.exists("k")), List.of(), List.of())).succeeded())
                    .isTrue();
        }

        @Test
        void aClosedStoreIsUnavailable() {
            store.close();
            store.close();
            assertThatThrownBy(store::currentRevision).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> put("k", "v")).isInstanceOf(StoreUnavailableException.class);
        }

        @Test
        void keysMayHoldAnyUtf8() {
            String key = "ключ/日本/\u0001/emoji-\uD83D\uDE00";
            put(key, "v");
            assertThat(keys(store.range(RangeRequest.prefix("ключ/")))).containsExactly(key);
            assertThat(value(key)).isEqualTo("v");
        }
    }
}
