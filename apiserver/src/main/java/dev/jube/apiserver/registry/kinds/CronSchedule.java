package dev.jube.apiserver.registry.kinds;

import java.util.List;
import java.util.Locale;

/** Checks the standard five-field cron syntax and the @ descriptors that cron jobs accept. */
final class CronSchedule {

    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};

    private CronSchedule() {}

    /** The problem with a schedule, or null when it parses. */
    static String problem(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";
        }
        if (s.startsWith("@")) {
            if (DESCRIPTORS.contains(s)) {
                return null;
            }
            if (s.startsWith("@every ")) {
                return s.substring(7).trim().matches("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+") ? null
                        : "failed to parse duration " + s.substring(7).trim();
            }
            return "unrecognized descriptor: " + s;
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        for (int i = 0; i < 5; i++) {
            String p = field(fields[i], i);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String field(String field, int index) {
        for (String part : field.split(",", -1)) {
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                String step = part.substring(slash + 1);
                if (!step.matches("[0-9]+") || Integer.parseInt(step) == 0) {
                    return "invalid step: " + part;
                }
            }
            if (range.equals("*") || range.equals("?") && (index == 2 || index == 4)) {
                continue;
            }
            String[] bounds = range.split("-", -1);
            if (bounds.length > 2) {
                return "too many hyphens: " + part;
            }
            int low = value(bounds[0], index);
            int high = bounds.length == 2 ? value(bounds[1], index) : low;
            if (low < 0 || high < 0) {
                return "failed to parse int from " + (low < 0 ? bounds[0] : bounds[1]);
            }
            int min = RANGES[index][0];
            int max = index == 4 ? 7 : RANGES[index][1];
            if (low < min) {
                return "beginning of range (" + low + ") below minimum (" + min + "): " + part;
            }
            if (high > max) {
                return "end of range (" + high + ") above maximum (" + max + "): " + part;
            }
            if (low > high) {
                return "beginning of range (" + low + ") beyond end of range (" + high + "): " + part;
            }
        }
        return null;
    }

    private static int value(String text, int index) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (index == 3 && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (index == 4 && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        if (!text.matches("[0-9]{1,4}")) {
            return -1;
        }
        return Integer.parseInt(text);
    }
}
