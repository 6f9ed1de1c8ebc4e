package dev.jube.controllers.framework;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as the API writes them. */
public final class Times {

    private Times() {}

    /** Parses a timestamp; null for null or empty text. */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: " + text, e);
        }
    }

    /** Now, in the API's whole-second Time format. */
    public static String now() {
        return format(Instant.now());
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
