package dev.jube.store.embedded;

/**
 * Orders keys as etcd orders its byte keys (unsigned UTF-8 bytes), without encoding them: UTF-8
 * byte order is code point order, which differs from Java's UTF-16 order only between surrogates
 * and the characters U+E000..U+FFFF.
 */
final class KeyOrder {

    private KeyOrder() {}

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return codePointRank(x) - codePointRank(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF, where their code points belong. */
    private static int codePointRank(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** True when {@code key} lies in {@code [start, end)}; an empty end means just {@code start}. */
    static boolean inRange(String key, String start, String end) {
        if (end.isEmpty()) {
            return key.equals(start);
        }
        return compare(key, start) >= 0 && (isUnbounded(end) || compare(key, end) < 0);
    }

    /** True when {@code key} is at or past the range end (never for a single key or "to the end"). */
    static boolean pastEnd(String key, String end) {
        return !isUnbounded(end) && compare(key, end) >= 0;
    }

    static boolean isUnbounded(String end) {
        return dev.jube.store.Keys.ALL.equals(end);
    }
}
