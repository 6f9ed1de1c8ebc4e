package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch deliveries never hold up writers, and a watch hears when the store goes away. */
class WatchDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void aBlockedListenerDoesNotBlockWritesOrOtherWatches() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            CountDownLatch release = new CountDownLatch(1);
            List<Long> slowRevisions = new CopyOnWriteArrayList<>();
            store.watch(WatchRequest.prefix("/w/"), listener(events -> {
                awaitRelease(release);
                slowRevisions.add(events.getFirst().revision());
            }));
            List<Long> fastRevisions = new CopyOnWriteArrayList<>();
            store.watch(WatchRequest.prefix("/w/"), listener(events -> fastRevisions.add(events.getFirst().revision())));

            long first = store.currentRevision() + 1;
            for (int i = 0; i < 100; i++) {
                store.put("/w/" + i, new byte[] {(byte) i});
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> fastRevisions.size() == 100);
            assertThat(slowRevisions).isEmpty();

            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> slowRevisions.size() == 100);
            assertThat(slowRevisions).isEqualTo(fastRevisions);
            assertThat(slowRevisions.getFirst()).isEqualTo(first);
        }
    }

    @Test
    void watchesStartedDuringConcurrentWritesSeeEveryRevisionExactlyOnce() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            int writers = 8;
            int perWriter = 300;
            List<Thread> threads = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.put("/c/" + writer + "/" + (i % 7), new byte[] {(byte) i});
                    }
                }));
            }
            record Started(long from, List<Long> revisions) {}
            List<Started> watches = new java.util.ArrayList<>();
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < 12; i++) {
                long current = store.currentRevision();
                long from = i % 3 == 0 ? current + 1 : 2 + random.nextLong(current);
                List<Long> revisions = new CopyOnWriteArrayList<>();
                store.watch(WatchRequest.prefix("/c/").fromRevision(from),
                        listener(events -> revisions.add(events.getFirst().revision())));
                watches.add(new Started(from, revisions));
                Thread.sleep(random.nextInt(20));
            }
            for (Thread t : threads) {
                t.join();
            }
            long last = store.currentRevision();
            assertThat(last).isEqualTo(1 + writers * perWriter);
            for (Started w : watches) {
                if (w.from() <= last) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> !w.revisions().isEmpty()
                            && w.revisions().getLast() == last);
                }
                List<Long> expected = java.util.stream.LongStream.rangeClosed(w.from(), last).boxed().toList();
                assertThat(w.revisions()).as("watch from %d", w.from()).isEqualTo(expected);
            }
        }
    }

    @Test
    void closingTheStoreEndsItsWatchesWithAnError() {
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        EmbeddedStore store = EmbeddedStore.open(dir);
        store.watch(WatchRequest.prefix("/w/"), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {}

            @Override
            public void onError(StoreException error) {
                errors.add(error);
            }
        });
        store.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !errors.isEmpty());
        assertThat(errors).singleElement().isInstanceOf(StoreUnavailableException.class);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WatchListener listener(java.util.function.Consumer<List<WatchEvent>> onEvents) {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                onEvents.accept(events);
            }

            @Override
            public void onError(StoreException error) {}
        };
    }
}
