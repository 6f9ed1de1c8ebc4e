package dev.jube.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.KeyValue;
import dev.jube.store.Keys;
import dev.jube.store.Op;
import dev.jube.store.RangeRequest;
import dev.jube.store.StoreException;
import dev.jube.store.TxnRequest;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clusters sharing one etcd under different key prefixes do not see each other. */
class EtcdKeyPrefixIT {

    @TempDir
    static Path dir;
    static EtcdProcess etcd;

    EtcdStore first;
    EtcdStore second;
    EtcdStore raw;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start(dir);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void connect() {
        // "/c1/" sorts right before "/c2/": a range to Keys.ALL in the first must not reach the second.
        first = EtcdStore.connect(options().withKeyPrefix("/c1/"));
        second = EtcdStore.connect(options().withKeyPrefix("/c2/"));
        raw = EtcdStore.connect(options());
        raw.txn(TxnRequest.of(new Op.Delete("\0", Keys.ALL, false)));
    }

    @AfterEach
    void disconnect() {
        first.close();
        second.close();
        raw.close();
    }

    private static EtcdStore.Options options() {
        return EtcdStore.Options.of(etcd.clientUrl().toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(KeyValue::key).toList();
    }

    @Test
    void keysAndRangesStayInsideTheirPrefix() {
        first.put("a", bytes("first-a"));
        first.put("pods/x", bytes("first-x"));
        second.put("a", bytes("second-a"));
        second.put("pods/y", bytes("second-y"));

        assertThat(first.get("a").valueAsString()).isEqualTo("first-a");
        assertThat(second.get("a").valueAsString()).isEqualTo("second-a");
        assertThat(keys(first.range(RangeRequest.range("\0", Keys.ALL)).kvs())).containsExactly("a", "pods/x");
        assertThat(keys(first.range(RangeRequest.range("b", Keys.ALL)).kvs())).containsExactly("pods/x");
        assertThat(keys(second.range(RangeRequest.prefix("pods/")).kvs())).containsExactly("pods/y");
        assertThat(first.range(RangeRequest.range("\0", Keys.ALL).withCountOnly()).count()).isEqualTo(2);
        // In etcd itself, the keys carry their prefixes.
        assertThat(keys(raw.range(RangeRequest.range("\0", Keys.ALL)).kvs()))
                .containsExactly("/c1/a", "/c1/pods/x", "/c2/a", "/c2/pods/y");
    }

    @Test
    void deletingEverythingDeletesOnlyTheOwnPrefix() {
        first.put("a", bytes("1"));
        second.put("a", bytes("2"));
        first.txn(TxnRequest.of(new Op.Delete("\0", Keys.ALL, false)));
        assertThat(first.get("a")).isNull();
        assertThat(second.get("a").valueAsString()).isEqualTo("2");
    }

    @Test
    void watchesSeeOnlyTheirPrefix() {
        List<WatchEvent> firstEvents = new CopyOnWriteArrayList<>();
        List<WatchEvent> secondEvents = new CopyOnWriteArrayList<>();
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        first.watch(new WatchRequest("\0", Keys.ALL, 0, true), collect(firstEvents, errors));
        second.watch(new WatchRequest("\0", Keys.ALL, 0, true), collect(secondEvents, errors));
        first.put("a", bytes("1"));
        second.put("b", bytes("2"));
        raw.put("/c1", bytes("outside: no trailing slash"));
        raw.put("/c1/c", bytes("inside, written without the store"));
        second.delete("b");
        long last = first.put("z", bytes("3"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !firstEvents.isEmpty()
                && firstEvents.getLast().revision() == last);
        assertThat(firstEvents).extracting(e -> e.kv().key()).containsExactly("a", "c", "z");
        await().atMost(Duration.ofSeconds(20)).until(() -> secondEvents.size() == 2);
        assertThat(secondEvents).extracting(e -> e.kv().key()).containsExactly("b", "b");
        assertThat(secondEvents.get(1).type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(secondEvents.get(1).prevKv().key()).isEqualTo("b");
        assertThat(errors).isEmpty();
    }

    @Test
    void revisionsAreSharedByAllPrefixes() {
        long before = second.currentRevision();
        long r = first.put("a", bytes("1"));
        assertThat(r).isEqualTo(before + 1);
        assertThat(second.currentRevision()).isEqualTo(r);
    }

    private static WatchListener collect(List<WatchEvent> into, List<StoreException> errors) {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                into.addAll(events);
            }

            @Override
            public void onError(StoreException error) {
                errors.add(error);
            }
        };
    }
}
