package dev.jube.controllers.cronjob;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax ("1h30m", "90s"), as {@code @every} schedules use it. */
final class GoDuration {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** The duration, rounded down to whole seconds and at least one second, as cron's constant delay does. */
    static Duration parse(String text) {
        Matcher m = PART.matcher(text);
        int pos = 0;
        double nanos = 0;
        while (pos < text.length() && m.find(pos) && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        if (pos == 0 || pos != text.length()) {
            throw new IllegalArgumentException("failed to parse duration " + text);
        }
        long seconds = (long) (nanos / 1e9);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
