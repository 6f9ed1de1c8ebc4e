package dev.jube.kubelet.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The options of a container log request, as upstream's PodLogOptions query parameters.
 *
 * @param tailLines  the last N lines only; negative for all
 * @param since      only lines at or after this instant; null for all
 * @param limitBytes stop after this many bytes; negative for no limit
 */
public record LogOptions(boolean follow, boolean previous, long tailLines, Instant since, boolean timestamps,
                         long limitBytes) {

    /** Parses the query; a bad value throws {@link IllegalArgumentException} with the message for the client. */
    public static LogOptions parse(Map<String, List<String>> query, Instant now) {
        long tail = number(query, "tailLines", -1);
        long sinceSeconds = number(query, "sinceSeconds", -1);
        long limit = number(query, "limitBytes", -1);
        if (query.containsKey("tailLines") && tail < 0) {
            throw new IllegalArgumentException("tailLines: Invalid value: " + tail + ": must be greater than or equal to 0");
        }
        if (query.containsKey("sinceSeconds") && sinceSeconds < 1) {
            throw new IllegalArgumentException("sinceSeconds: Invalid value: " + sinceSeconds + ": must be greater than 0");
        }
        if (query.containsKey("limitBytes") && limit < 1) {
            throw new IllegalArgumentException("limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        String sinceTime = first(query, "sinceTime");
        if (sinceTime != null && sinceSeconds >= 0) {
            throw new IllegalArgumentException("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        Instant since = null;
        if (sinceSeconds >= 0) {
            since = now.minusSeconds(sinceSeconds);
        } else if (sinceTime != null) {
            try {
                since = Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime: Invalid value: \"" + sinceTime + "\": not an RFC3339 time");
            }
        }
        return new LogOptions(flag(query, "follow"), flag(query, "previous"), tail, since, flag(query, "timestamps"),
                limit);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        return v != null && (v.isEmpty() || v.equals("true") || v.equals("1"));
    }

    private static long number(Map<String, List<String>> query, String name, long absent) {
        String v = first(query, name);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": Invalid value: \"" + v + "\": must be an integer");
        }
    }
}
