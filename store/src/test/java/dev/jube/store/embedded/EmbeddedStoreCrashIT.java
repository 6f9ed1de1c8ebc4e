package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.store.KeyValue;
import dev.jube.store.RangeRequest;
import dev.jube.store.StoreException;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a writing child JVM at random moments, many times, and checks after each crash that
 * every acknowledged write is there, multi-op transactions are whole, and the revisions, the keys
 * and the changelog agree.
 */
class EmbeddedStoreCrashIT {

    private static final int ROUNDS = 25;
    private static final int THREADS = 4;
    private static final String MARKER = "/crash/~reopened";

    @TempDir
    Path dir;

    private final Random random = new Random(2024);
    /** Per key, the newest write known durable: its sequence and revision. */
    private final Map<String, String> putSeq = new HashMap<>();
    private final Map<String, Long> putRevision = new HashMap<>();
    private final Map<Integer, String> txnSeq = new HashMap<>();
    private long counter;
    private long maxAckedRevision;

    private record Ack(String key, String seq, long revision) {}

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<Ack> puts = runUntilKilled(round);
            verify(round, puts);
        }
        assertThat(maxAckedRevision).as("the writers made progress").isGreaterThan(ROUNDS * 20L);
    }

    /** Runs a writer, kills it after a random number of acknowledgements and records them. */
    private List<Ack> runUntilKilled(int round) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(CrashWriter.class, dir.toString(), Integer.toString(round),
                Integer.toString(THREADS))) {
            String ready = child.nextLine(60, TimeUnit.SECONDS);
            assertThat(ready).as("writer output").isEqualTo("READY");
            int killAfter = 10 + random.nextInt(400);
            for (int i = 0; i < killAfter; i++) {
                String line = child.nextLine(60, TimeUnit.SECONDS);
                assertThat(line).as("writer output after %d acknowledgements", i).isNotNull();
                lines.add(line);
            }
            lines.addAll(child.kill());
        }
        List<Ack> puts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length != 4 && !(f.length == 3 && f[0].equals("INC"))) {
                continue; // the line the kill cut short
            }
            switch (f[0]) {
                case "PUT" -> {
                    Ack ack = new Ack(f[1], f[2], Long.parseLong(f[3]));
                    puts.add(ack);
                    if (ack.seq().compareTo(putSeq.getOrDefault(ack.key(), "")) > 0) {
                        putSeq.put(ack.key(), ack.seq());
                        putRevision.put(ack.key(), ack.revision());
                    }
                    maxAckedRevision = Math.max(maxAckedRevision, ack.revision());
                }
                case "TXN" -> {
                    txnSeq.merge(Integer.parseInt(f[1]), f[2], (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    maxAckedRevision = Math.max(maxAckedRevision, Long.parseLong(f[3]));
                }
                case "INC" -> {
                    counter = Math.max(counter, Long.parseLong(f[1]));
                    maxAckedRevision = Math.max(maxAckedRevision, Long.parseLong(f[2]));
                }
                default -> { }
            }
        }
        return puts;
    }

    private void verify(int round, List<Ack> puts) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            long current = store.currentRevision();
            assertThat(current).as("round %d: revision", round).isGreaterThanOrEqualTo(maxAckedRevision);

            for (var e : Map.copyOf(putSeq).entrySet()) {
                KeyValue kv = store.get(e.getKey());
                assertThat(kv).as("round %d: acknowledged put of %s", round, e.getKey()).isNotNull();
                String seq = seqOf(kv);
                assertThat(seq).as("round %d: %s", round, e.getKey()).isGreaterThanOrEqualTo(e.getValue());
                assertThat(kv.modRevision()).isGreaterThanOrEqualTo(putRevision.get(e.getKey()));
                // What is there now is durable too: later rounds must keep it.
                putSeq.put(e.getKey(), seq);
                putRevision.put(e.getKey(), kv.modRevision());
            }

            for (int t = 0; t < THREADS; t++) {
                KeyValue a = store.get(CrashWriter.multiKey(t, "a"));
                if (a == null) {
                    assertThat(txnSeq).as("round %d: thread %d's transactions", round, t).doesNotContainKey(t);
                    assertThat(store.get(CrashWriter.multiKey(t, "b"))).isNull();
                    continue;
                }
                KeyValue b = store.get(CrashWriter.multiKey(t, "b"));
                KeyValue x = store.get(CrashWriter.multiKey(t, "x"));
                assertThat(b).as("round %d: b written with a", round).isNotNull();
                assertThat(b.valueAsString()).isEqualTo(a.valueAsString());
                assertThat(b.modRevision()).isEqualTo(a.modRevision());
                long index = Long.parseLong(seqOf(a).substring(8));
                if (index % 2 == 0) {
                    assertThat(x).as("round %d: x put with a", round).isNotNull();
                    assertThat(x.valueAsString()).isEqualTo(a.valueAsString());
                } else {
                    assertThat(x).as("round %d: x deleted with a", round).isNull();
                }
                assertThat(seqOf(a)).isGreaterThanOrEqualTo(txnSeq.getOrDefault(t, ""));
                txnSeq.put(t, seqOf(a));
            }

            KeyValue counterKv = store.get(CrashWriter.COUNTER);
            long stored = counterKv == null ? 0 : Long.parseLong(counterKv.valueAsString());
            assertThat(stored).as("round %d: counter", round).isBetween(counter, counter + THREADS);
            counter = stored;

            List<KeyValue> all = store.range(RangeRequest.prefix("/crash/")).kvs();
            assertThat(all).allSatisfy(kv -> {
                assertThat(kv.createRevision()).isPositive().isLessThanOrEqualTo(kv.modRevision());
                assertThat(kv.modRevision()).isLessThanOrEqualTo(current);
            });
            checkHistory(store, round, puts);
            checkChangelogReplaysToTheKeys(store, round, current, all);
            maxAckedRevision = current + 1;
        }
    }

    /** Acknowledged puts read back at their revisions. */
    private void checkHistory(EmbeddedStore store, int round, List<Ack> puts) {
        for (int i = 0; i < Math.min(20, puts.size()); i++) {
            Ack ack = puts.get(random.nextInt(puts.size()));
            List<KeyValue> kvs = store.range(RangeRequest.key(ack.key()).atRevision(ack.revision())).kvs();
            assertThat(kvs).as("round %d: %s at %d", round, ack.key(), ack.revision()).hasSize(1);
            assertThat(seqOf(kvs.getFirst())).isEqualTo(ack.seq());
            assertThat(kvs.getFirst().modRevision()).isEqualTo(ack.revision());
        }
    }

    /**
     * The state at an older revision plus the changelog's events since equals the current keys;
     * a marker written now (the first write after the crash, so at current + 1) ends the replay.
     */
    private void checkChangelogReplaysToTheKeys(EmbeddedStore store, int round, long current, List<KeyValue> now) {
        long from = Math.max(Math.max(store.compactedRevision(), 1), current - 300);
        TreeMap<String, KeyValue> state = new TreeMap<>();
        for (KeyValue kv : store.range(RangeRequest.prefix("/crash/").atRevision(from)).kvs()) {
            state.put(kv.key(), kv);
        }
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        var watch = store.watch(WatchRequest.prefix("/crash/").fromRevision(from + 1), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                events.addAll(batch);
            }

            @Override
            public void onError(StoreException error) {
                errors.add(error);
            }
        });
        try {
            assertThat(store.put(MARKER, new byte[] {(byte) round})).isEqualTo(current + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !errors.isEmpty()
                    || (!events.isEmpty() && events.getLast().revision() == current + 1));
        } finally {
            watch.close();
        }
        assertThat(errors).as("round %d: watch errors", round).isEmpty();
        for (WatchEvent e : events.subList(0, events.size() - 1)) {
            if (e.type() == WatchEvent.Type.PUT) {
                state.put(e.kv().key(), e.kv());
            } else {
                state.remove(e.kv().key());
            }
        }
        assertThat(List.copyOf(state.values())).as("round %d: replayed changelog", round).isEqualTo(now);
    }

    private static String seqOf(KeyValue kv) {
        String value = kv.valueAsString();
        return value.substring(0, value.indexOf(':', 8));
    }
}
