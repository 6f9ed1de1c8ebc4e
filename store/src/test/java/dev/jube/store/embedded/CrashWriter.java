package dev.jube.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.jube.store.Compare;
import dev.jube.store.KeyValue;
import dev.jube.store.Op;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM main for {@link EmbeddedStoreCrashIT}: writes until killed, from several threads, and
 * prints one line per write only after the store acknowledged it:
 * <pre>
 * PUT key seq revision          a single put
 * TXN thread seq revision       a multi-op txn: a and b get the same value, x is put or deleted
 * INC value revision            a compare-and-swap increment of the shared counter
 * </pre>
 * Values start with "round:thread:index" so the parent can order them across rounds.
 */
public final class CrashWriter {

    static final String COUNTER = "/crash/counter";

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        EmbeddedStore store = EmbeddedStore.open(dir);
        out.println("READY");
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> write(store, out, round, thread)));
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    static String seq(int round, int thread, int i) {
        return String.format("%04d:%02d:%08d", round, thread, i);
    }

    static String putKey(int thread, int i) {
        return "/crash/put/" + thread + "/" + (i % 20);
    }

    static String multiKey(int thread, String name) {
        return "/crash/multi/" + thread + "/" + name;
    }

    private static void write(EmbeddedStore store, PrintStream out, int round, int thread) {
        StringBuilder padding = new StringBuilder();
        for (int i = 0; ; i++) {
            String seq = seq(round, thread, i);
            padding.setLength(0);
            padding.append(":").append("x".repeat((i * 37) % 1500));
            byte[] value = (seq + padding).getBytes(UTF_8);
            switch (i % 3) {
                case 0 -> {
                    String key = putKey(thread, i);
                    long rev = store.put(key, value);
                    out.println("PUT " + key + " " + seq + " " + rev);
                }
                case 1 -> {
                    Op x = i % 2 == 0 ? Op.put(multiKey(thread, "x"), value) : Op.delete(multiKey(thread, "x"));
                    TxnResponse r = store.txn(TxnRequest.of(
                            Op.put(multiKey(thread, "a"), value), Op.put(multiKey(thread, "b"), value), x));
                    out.println("TXN " + thread + " " + seq + " " + r.revision());
                }
                default -> {
                    long[] valueAndRevision = increment(store);
                    out.println("INC " + valueAndRevision[0] + " " + valueAndRevision[1]);
                }
            }
        }
    }

    /** Returns the new counter value and the revision that wrote it. */
    private static long[] increment(EmbeddedStore store) {
        while (true) {
            KeyValue current = store.get(COUNTER);
            long value = current == null ? 0 : Long.parseLong(current.valueAsString());
            Compare unchanged = current == null ? Compare.absent(COUNTER) : Compare.modRevision(COUNTER, current.modRevision());
            TxnResponse r = store.txn(TxnRequest.when(unchanged, Op.put(COUNTER, Long.toString(value + 1).getBytes(UTF_8))));
            if (r.succeeded()) {
                return new long[] {value + 1, r.revision()};
            }
        }
    }
}
