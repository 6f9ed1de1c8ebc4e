package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch on a single etcd that dies: it resumes when etcd comes back, and gives up when it does not. */
class EtcdWatchRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final List<EtcdProcess> processes = new ArrayList<>();
    private final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    private final List<StoreException> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEtcd() {
        processes.forEach(EtcdProcess::close);
    }

    private EtcdProcess started(EtcdProcess p) {
        processes.add(p);
        return p;
    }

    private WatchListener recorder() {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                events.addAll(batch);
            }

            @Override
            public void onError(StoreException error) {
                errors.add(error);
            }
        };
    }

    /** Puts until etcd acknowledges; a failed attempt may have been applied, so watches may see it twice. */
    private static long putUntilAcknowledged(EtcdStore store, String key) {
        long[] revision = new long[1];
        await().atMost(WAIT).ignoreException(StoreUnavailableException.class).until(() -> {
            revision[0] = store.put(key, key.getBytes(UTF_8));
            return true;
        });
        return revision[0];
    }

    @Test
    void aWatchResumesAfterEtcdRestartsWithoutGaps() {
        EtcdProcess etcd = started(EtcdProcess.start(dir));
        EtcdStore.Options options = EtcdStore.Options.of(etcd.clientUrl().toString())
                .withKeyPrefix("/recovery/")
                .withRequestTimeout(Duration.ofSeconds(5));
        try (EtcdStore store = EtcdStore.connect(options)) {
            long rev0 = store.currentRevision();
            store.watch(WatchRequest.prefix("w/").fromRevision(rev0 + 1), recorder());
            List<Long> acked = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acked.add(putUntilAcknowledged(store, "w/before-" + i));
            }
            await().atMost(WAIT).until(() -> events.size() == 5);

            etcd.kill();
            started(etcd.restart());
            for (int i = 0; i < 5; i++) {
                acked.add(putUntilAcknowledged(store, "w/after-" + i));
            }

            await().atMost(WAIT).until(() -> !events.isEmpty() && events.getLast().revision() == acked.getLast());
            List<Long> revisions = events.stream().map(WatchEvent::revision).toList();
            assertThat(revisions).doesNotHaveDuplicates().isSorted().containsAll(acked);
            assertThat(errors).isEmpty();
            // Acknowledged writes survived the SIGKILL.
            for (int i = 0; i < 5; i++) {
                assertThat(store.get("w/before-" + i)).isNotNull();
            }
        }
    }

    @Test
    void aWatchReportsUnavailableWhenEtcdStaysDown() {
        EtcdProcess etcd = started(EtcdProcess.start(dir));
        EtcdStore.Options options = EtcdStore.Options.of(etcd.clientUrl().toString())
                .withRequestTimeout(Duration.ofSeconds(1));
        try (EtcdStore store = EtcdStore.connect(options)) {
            store.watch(WatchRequest.prefix("w/"), recorder());
            long r = store.put("w/k", "v".getBytes(UTF_8));
            await().atMost(WAIT).until(() -> events.size() == 1);
            assertThat(events.getFirst().revision()).isEqualTo(r);

            etcd.kill();
            await().atMost(WAIT).until(() -> !errors.isEmpty());
            assertThat(errors).singleElement().isInstanceOf(StoreUnavailableException.class);
            assertThat(events).hasSize(1);
        }
    }
}
