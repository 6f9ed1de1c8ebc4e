package dev.jube.controllers.cronjob;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron schedule as CronJobs read it (the standard five fields minute, hour, day of month, month
 * and day of week, with ranges, steps, lists and month and weekday names, or one of the @
 * descriptors), and the times it fires at in a time zone. As in standard cron, when both day
 * fields are restricted a day matches if either does; when either is {@code *} or {@code ?}, both
 * must match.
 */
public final class CronSchedule {

    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    /** How far ahead to search before deciding a schedule never fires (e.g. 30 February). */
    private static final int SEARCH_YEARS = 5;

    private final BitSet[] fields;
    private final boolean domStar;
    private final boolean dowStar;
    /** For {@code @every}: a constant delay instead of fields. */
    private final Duration every;

    private CronSchedule(BitSet[] fields, boolean domStar, boolean dowStar, Duration every) {
        this.fields = fields;
        this.domStar = domStar;
        this.dowStar = dowStar;
        this.every = every;
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException with the reason, worded as the API's validation words it
     */
    public static CronSchedule parse(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            throw new IllegalArgumentException("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
        if (s.startsWith("@every ")) {
            return new CronSchedule(null, false, false, GoDuration.parse(s.substring(7).trim()));
        }
        if (s.startsWith("@")) {
            String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
            s = expanded;
        }
        String[] parts = s.split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + parts.length + ": ["
                    + String.join(" ", parts) + "]");
        }
        BitSet[] fields = new BitSet[5];
        boolean[] star = new boolean[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = new BitSet();
            for (String part : parts[i].split(",", -1)) {
                star[i] |= parsePart(part, i, fields[i]);
            }
        }
        return new CronSchedule(fields, star[2], star[4], null);
    }

    /** Adds the values of one list element; whether it was an unrestricted {@code *} or {@code ?}. */
    private static boolean parsePart(String part, int index, BitSet into) {
        int min = BOUNDS[index][0];
        int max = BOUNDS[index][1];
        String range = part;
        int step = 1;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            range = part.substring(0, slash);
            step = number(part.substring(slash + 1), part, index);
            if (step <= 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + part);
            }
        }
        int start;
        int end;
        boolean star = false;
        if (range.equals("*") || range.equals("?")) {
            start = min;
            end = max;
            star = step == 1;
        } else {
            int dash = range.indexOf('-');
            if (dash >= 0) {
                start = number(range.substring(0, dash), part, index);
                end = number(range.substring(dash + 1), part, index);
            } else {
                start = number(range, part, index);
                end = slash >= 0 ? max : start; // "N/step" means "N-max/step"
            }
        }
        if (start < min) {
            throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + min + "): "
                    + part);
        }
        if (end > max) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + part);
        }
        if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + part);
        }
        for (int v = start; v <= end; v += step) {
            into.set(v);
        }
        return star;
    }

    private static int number(String text, String part, int index) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (index == 3 && MONTHS.contains(lower)) {
            return MONTHS.indexOf(lower) + 1;
        }
        if (index == 4 && DAYS.contains(lower)) {
            return DAYS.indexOf(lower);
        }
        if (!text.matches("[0-9]+")) {
            throw new IllegalArgumentException("failed to parse int from " + text + ": " + part);
        }
        return Integer.parseInt(text);
    }

    /**
     * The first time strictly after {@code after} that the schedule fires, read in {@code zone};
     * null if it never does.
     */
    public ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
        ZonedDateTime t = after.withZoneSameInstant(zone);
        if (every != null) {
            return t.truncatedTo(ChronoUnit.SECONDS).plus(every);
        }
        LocalDateTime local = t.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = local.plusYears(SEARCH_YEARS);
        while (local.isBefore(limit)) {
            if (!fields[3].get(local.getMonthValue())) {
                local = local.withDayOfMonth(1).toLocalDate().atStartOfDay().plusMonths(1);
                continue;
            }
            if (!dayMatches(local)) {
                local = local.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!fields[1].get(local.getHour())) {
                local = local.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!fields[0].get(local.getMinute())) {
                local = local.plusMinutes(1);
                continue;
            }
            ZonedDateTime candidate = local.atZone(zone);
            // A wall time skipped by a daylight saving change moves forward; keep only later instants.
            if (candidate.toInstant().isAfter(t.toInstant())) {
                return candidate;
            }
            local = local.plusMinutes(1);
        }
        return null;
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = fields[2].get(t.getDayOfMonth());
        boolean dow = fields[4].get(t.getDayOfWeek().getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }
}
