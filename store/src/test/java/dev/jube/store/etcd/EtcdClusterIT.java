package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.KeyValue;
import dev.jube.store.StoreException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-member etcd cluster loses its leader (SIGKILL) while a client writes and watches. */
class EtcdClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static EtcdCluster cluster;

    record Ack(String key, String value, long revision) {}

    @BeforeAll
    static void startCluster() {
        cluster = EtcdCluster.start(dir, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void writesAndWatchesSurviveTheLossOfTheLeader() throws Exception {
        EtcdStore.Options options = new EtcdStore.Options(cluster.clientUrls(), "/ha/", null, null, null,
                Duration.ofSeconds(5));
        try (EtcdStore store = EtcdStore.connect(options)) {
            long rev0 = store.currentRevision();
            // The client balances its streams over the members: with several watches, some are
            // served by the member that gets killed and must resume elsewhere.
            List<List<WatchEvent>> watches = new ArrayList<>();
            List<StoreException> watchErrors = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<WatchEvent> watched = new CopyOnWriteArrayList<>();
                watches.add(watched);
                store.watch(WatchRequest.prefix("w/").fromRevision(rev0 + 1), new WatchListener() {
                    @Override
                    public void onEvents(List<WatchEvent> events) {
                        watched.addAll(events);
                    }

                    @Override
                    public void onError(StoreException error) {
                        watchErrors.add(error);
                    }
                });
            }

            List<Ack> acked = new CopyOnWriteArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = String.format("w/%06d", i);
                    String value = "value-" + i;
                    while (!stop.get()) {
                        try {
                            acked.add(new Ack(key, value, store.put(key, value.getBytes(UTF_8))));
                            break;
                        } catch (StoreException e) {
                            // The write may or may not have happened: write it again.
                            failures.incrementAndGet();
                            pause();
                        }
                    }
                }
            });
            try {
                await().atMost(WAIT).until(() -> acked.size() >= 30);
                EtcdProcess leader = leader();
                leader.kill();
                assertThat(leader.isAlive()).isFalse();
                int atKill = acked.size();
                await().atMost(WAIT).until(() -> acked.size() >= atKill + 60);
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(writer.isAlive()).isFalse();

            for (Ack ack : acked) {
                KeyValue kv = store.get(ack.key());
                assertThat(kv).as("acknowledged write %s", ack).isNotNull();
                assertThat(kv.valueAsString()).isEqualTo(ack.value());
                assertThat(kv.modRevision()).isEqualTo(ack.revision());
            }
            long last = acked.getLast().revision();
            for (List<WatchEvent> watched : watches) {
                await().atMost(WAIT).until(() -> !watched.isEmpty() && watched.getLast().revision() >= last);
                List<Long> revisions = watched.stream().map(WatchEvent::revision).toList();
                assertThat(revisions).doesNotHaveDuplicates().isSorted();
                assertThat(revisions).containsAll(acked.stream().map(Ack::revision).toList());
            }
            System.out.println("cluster test: " + acked.size() + " writes acknowledged, " + failures.get() + " failed attempts");
            assertThat(watchErrors).isEmpty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The member that currently leads, as the members themselves report it. */
    private static EtcdProcess leader() throws Exception {
        List<EtcdProcess> members = cluster.members();
        for (EtcdProcess m : members) {
            try (Client client = Client.builder().endpoints(m.clientUrl()).build()) {
                var status = client.getMaintenanceClient().statusMember(m.clientUrl().toString())
                        .get(10, TimeUnit.SECONDS);
                if (status.getLeader() == status.getHeader().getMemberId()) {
                    return m;
                }
            }
        }
        throw new AssertionError("no member reports itself as leader: " + new ArrayList<>(members));
    }
}
