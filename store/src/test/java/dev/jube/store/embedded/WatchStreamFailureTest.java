package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.CompactedException;
import dev.jube.store.KeyValue;
import dev.jube.store.StoreException;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Whatever stops a watch's delivery thread, other than its owner's close, reaches the listener's
 * onError: a watch must never go quiet while the store moves on.
 */
class WatchStreamFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anUnexpectedExceptionWhileCatchingUpReachesOnError() {
        IllegalArgumentException bug = new IllegalArgumentException("unreadable page");
        WatchHub hub = new WatchHub((from, to, max) -> {
            throw bug;
        }, 10);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(5), recorder, 0);

        await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.errors).singleElement().satisfies(e -> {
            assertThat(e).hasCause(bug).hasMessageContaining("/a/").hasMessageContaining("revision 5");
        });
        assertThat(recorder.revisions).isEmpty();
        assertThatLaterBatchesAreNotDelivered(hub, recorder, 11);
    }

    @Test
    void anErrorWhileCatchingUpReachesOnError() {
        NoClassDefFoundError bug = new NoClassDefFoundError("org/h2/mvstore/Missing");
        WatchHub hub = new WatchHub((from, to, max) -> {
            throw bug;
        }, 10);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(2), recorder, 0);

        await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.errors).singleElement().satisfies(e -> assertThat(e).hasCause(bug));
    }

    @Test
    void compactionDuringCatchUpEndsTheWatchWithCompactedAfterTheRevisionsBeforeIt() {
        // The first page is read, then history is compacted before the second.
        List<Integer> reads = new CopyOnWriteArrayList<>();
        WatchHub hub = new WatchHub((from, to, max) -> {
            reads.add(reads.size());
            if (reads.size() > 1) {
                throw new CompactedException(400);
            }
            return changes(from, Math.min(to, from + max - 1));
        }, 600);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(2), recorder, 0);

        await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.errors).singleElement().isInstanceOf(CompactedException.class);
        assertThat(recorder.revisions).isEqualTo(range(2, 257));
    }

    @Test
    void revisionsMissingFromTheChangelogEndTheWatchInsteadOfBeingSkipped() {
        // Revisions 5 to 7 are not there, which the store never allows: the watch must say so.
        WatchHub hub = new WatchHub((from, to, max) -> {
            List<Change> found = new ArrayList<>();
            for (Change c : changes(from, to)) {
                if (c.revision() < 5 || c.revision() > 7) {
                    found.add(c);
                }
            }
            return found;
        }, 10);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(3), recorder, 0);

        await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.revisions).isEqualTo(List.of(3L, 4L));
        assertThat(recorder.errors).singleElement().satisfies(
                e -> assertThat(e).hasMessageContaining("revisions 5 to 7"));
    }

    @Test
    void anEmptyChangelogWhereRevisionsShouldBeEndsTheWatch() {
        WatchHub hub = new WatchHub((from, to, max) -> List.of(), 10);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(3), recorder, 0);

        await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.errors).singleElement().satisfies(
                e -> assertThat(e).hasMessageContaining("revisions 3 to 10"));
    }

    @Test
    void aWatchFromTheFirstRevisionOfAnEmptyStoreWaitsForChanges() {
        WatchHub hub = new WatchHub((from, to, max) -> List.of(), StoreFile.INITIAL_REVISION);
        Recorder recorder = new Recorder();
        hub.register(WatchRequest.prefix("/a/").fromRevision(StoreFile.INITIAL_REVISION), recorder, 0);

        hub.publish(changes(2, 3));
        await().atMost(WAIT).until(() -> recorder.revisions.size() == 2);
        assertThat(recorder.revisions).isEqualTo(List.of(2L, 3L));
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void aListenerThatThrowsAnErrorEndsItsWatchWithOnError() {
        WatchHub hub = new WatchHub((from, to, max) -> changes(from, to), 1);
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        List<Long> delivered = new CopyOnWriteArrayList<>();
        hub.register(WatchRequest.prefix("/a/"), listener(events -> {
            long rev = events.getFirst().revision();
            delivered.add(rev);
            if (rev == 3) {
                throw new AssertionError("listener bug");
            }
        }, errors::add), 0);

        hub.publish(changes(2, 5));
        await().atMost(WAIT).until(() -> !errors.isEmpty());
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasCauseInstanceOf(AssertionError.class));
        assertThat(delivered).isEqualTo(List.of(2L, 3L));
    }

    @Test
    void aListenerThatThrowsARuntimeExceptionKeepsItsWatch() {
        WatchHub hub = new WatchHub((from, to, max) -> changes(from, to), 1);
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        List<Long> delivered = new CopyOnWriteArrayList<>();
        hub.register(WatchRequest.prefix("/a/"), listener(events -> {
            delivered.add(events.getFirst().revision());
            throw new IllegalStateException("listener hiccup");
        }, errors::add), 0);

        hub.publish(changes(2, 4));
        await().atMost(WAIT).until(() -> delivered.size() == 3);
        assertThat(delivered).isEqualTo(List.of(2L, 3L, 4L));
        assertThat(errors).isEmpty();
    }

    @Test
    void aFailureAfterTheOwnerClosedTheWatchIsNotReported() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Thread> deliveryThread = new AtomicReference<>();
        WatchHub hub = new WatchHub((from, to, max) -> {
            deliveryThread.set(Thread.currentThread());
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("store going away");
        }, 10);
        Recorder recorder = new Recorder();
        Watch watch = hub.register(WatchRequest.prefix("/a/").fromRevision(2), recorder, 0);
        await().atMost(WAIT).until(() -> deliveryThread.get() != null);
        watch.close();
        closed.countDown();

        assertThat(deliveryThread.get().join(WAIT)).as("delivery thread ended").isTrue();
        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.revisions).isEmpty();
    }

    private static void assertThatLaterBatchesAreNotDelivered(WatchHub hub, Recorder failed, long rev) {
        Recorder witness = new Recorder();
        hub.register(WatchRequest.prefix("/a/"), witness, 0);
        hub.publish(changes(rev, rev));
        await().atMost(WAIT).until(() -> witness.revisions.contains(rev));
        assertThat(failed.revisions).doesNotContain(rev);
        assertThat(failed.errors).hasSize(1);
    }

    /** One put under /a/ per revision. */
    private static List<Change> changes(long from, long to) {
        List<Change> changes = new ArrayList<>();
        for (long rev = from; rev <= to; rev++) {
            KeyValue kv = new KeyValue("/a/" + rev, new byte[] {1}, rev, rev, 1, 0);
            changes.add(new Change(rev, List.of(new WatchEvent(WatchEvent.Type.PUT, kv, null))));
        }
        return changes;
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static WatchListener listener(Consumer<List<WatchEvent>> onEvents, Consumer<StoreException> onError) {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                onEvents.accept(events);
            }

            @Override
            public void onError(StoreException error) {
                onError.accept(error);
            }
        };
    }

    private static final class Recorder implements WatchListener {
        final List<Long> revisions = new CopyOnWriteArrayList<>();
        final List<StoreException> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onEvents(List<WatchEvent> events) {
            revisions.add(events.getFirst().revision());
        }

        @Override
        public void onError(StoreException error) {
            errors.add(error);
        }
    }
}
