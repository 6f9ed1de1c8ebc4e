package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.store.CompactedException;
import dev.jube.store.RangeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History is compacted on a timer, and the file does not grow without bound under churn. */
class AutoCompactionTest {

    @TempDir
    Path dir;

    @Test
    void historyOlderThanOneIntervalIsCompactedAway() {
        var options = EmbeddedStore.Options.DEFAULTS.withCompactionInterval(Duration.ofMillis(200));
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            long first = store.put("/a", new byte[] {1});
            store.put("/a", new byte[] {2});
            // The first tick only notes the revision; a later one compacts up to it.
            await().atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() >= first + 1);
            assertThatThrownBy(() -> store.range(RangeRequest.key("/a").atRevision(first)))
                    .isInstanceOf(CompactedException.class);
            assertThat(store.get("/a").value()).containsExactly(2);
        }
    }

    @Test
    void retainedRevisionsCapTheHistory() {
        var options = EmbeddedStore.Options.DEFAULTS
                .withCompactionInterval(Duration.ofMillis(100))
                .withRetainedRevisions(10);
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            for (int i = 0; i < 50; i++) {
                store.put("/k", new byte[] {(byte) i});
            }
            long current = store.currentRevision();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() >= current - 10);
            // The periodic rule may compact further a tick later, so only the cap's own effect is certain.
            assertThatThrownBy(() -> store.range(RangeRequest.key("/k").atRevision(current - 15)))
                    .isInstanceOf(CompactedException.class);
            assertThat(store.get("/k").value()).containsExactly(49);
        }
    }

    @Test
    void theFileStaysBoundedWhileTheSameKeysAreOverwritten() throws InterruptedException {
        // Freed space is reused after 1 s here instead of 45 s, so reuse shows within the test.
        var options = EmbeddedStore.Options.DEFAULTS
                .withCompactionInterval(Duration.ofMillis(200))
                .withRetainedRevisions(200)
                .withChunkRetention(Duration.ofSeconds(1));
        Random random = new Random(11);
        byte[] value = new byte[2048];
        try (EmbeddedStore store = EmbeddedStore.open(dir, options)) {
            long largest = 0;
            for (int round = 0; round < 12; round++) {
                for (int i = 0; i < 500; i++) {
                    random.nextBytes(value);
                    store.put("/churn/" + (i % 50), value);
                }
                long current = store.currentRevision();
                // Let the compactor catch up, as it would between bursts in a real cluster, and let
                // the space it freed outlive its retention so the next burst can reuse it.
                await().atMost(Duration.ofSeconds(10)).until(() -> store.compactedRevision() >= current - 200);
                Thread.sleep(1_200);
                largest = Math.max(largest, store.fileSize());
            }
            // 6000 commits of a 2 KiB value (each commit writes a chunk of a few pages: well over
            // 100 MiB in all, and an uncompacted store grows past 60 MiB); what stays is 50 keys and
            // a few hundred revisions of history.
            assertThat(largest).isLessThan(32L << 20);
            assertThat(store.range(RangeRequest.prefix("/churn/")).count()).isEqualTo(50);
        }
    }
}
