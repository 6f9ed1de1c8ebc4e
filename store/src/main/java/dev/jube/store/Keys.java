package dev.jube.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Key helpers: the byte order etcd uses, prefix ranges and request sizes. */
public final class Keys {

    private Keys() {}

    /**
     * The range end that covers every key starting with {@code prefix}, as etcd's clientv3
     * computes it: the prefix with its last byte below 0xff incremented. An empty result ("\0"
     * in etcd) means "to the end of the key space"; it is represented here as {@link #ALL}.
     */
    public static String prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if ((b[i] & 0xff) < 0xff) {
                byte[] end = Arrays.copyOf(b, i + 1);
                end[i]++;
                return new String(end, StandardCharsets.UTF_8);
            }
        }
        return ALL;
    }

    /** Range end meaning "every key from the start key on" (etcd's "\0" range end). */
    public static final String ALL = "\0";

    /** Compares keys by their UTF-8 bytes, unsigned, as etcd does. */
    public static int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code key} lies in {@code [start, end)}; an empty end means just {@code start}. */
    public static boolean inRange(String key, String start, String end) {
        if (end == null || end.isEmpty()) {
            return key.equals(start);
        }
        if (compare(key, start) < 0) {
            return false;
        }
        return ALL.equals(end) || compare(key, end) < 0;
    }

    static int size(String key) {
        return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    }
}
