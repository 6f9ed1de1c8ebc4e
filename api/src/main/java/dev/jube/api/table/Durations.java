package dev.jube.api.table;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's human-readable durations (apimachinery's duration.HumanDuration and
 * ShortHumanDuration), as printed in AGE, DURATION and "(5m ago)" cells.
 */
public final class Durations {

    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private Durations() {
    }

    /**
     * About two or three significant figures: "59s", "119s", "2m", "2m3s", "10m", "3h", "3h5m",
     * "8h", "47h", "2d", "2d3h", "8d", "729d", "2y", "2y3d", "8y". Up to two seconds in the
     * future count as "0s" (clock skew); further in the future is "&lt;invalid&gt;".
     */
    public static String human(Duration d) {
        long nanos = nanos(d);
        long seconds = nanos / SECOND;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = nanos / MINUTE;
        if (minutes < 10) {
            long s = (nanos / SECOND) % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = nanos / HOUR;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** One unit only: "59s", "5m", "23h", "364d", "2y". */
    public static String shortHuman(Duration d) {
        long nanos = nanos(d);
        long seconds = nanos / SECOND;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = nanos / MINUTE;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = nanos / HOUR;
        if (hours < 24) {
            return hours + "h";
        } else if (hours < 24 * 365) {
            return hours / 24 + "d";
        }
        return (long) ((double) nanos / HOUR / 24 / 365) + "y";
    }

    /** The age of {@code timestamp} at {@code now}, or "&lt;unknown&gt;" when there is no timestamp. */
    public static String since(Instant timestamp, Instant now) {
        if (timestamp == null) {
            return "<unknown>";
        }
        return human(Duration.between(timestamp, now));
    }

    /** Go's time.Duration is int64 nanoseconds and saturates; so do we. */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
