package dev.jube.controllers.cronjob;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Which scheduled time a CronJob should act on now (upstream's mostRecentScheduleTime): the
 * latest time the schedule fired in (earliest, now], and how many times it fired in that span.
 */
final class ScheduleTimes {

    /** More missed times than this are reported as too many (upstream's limit). */
    static final int TOO_MANY_MISSED = 100;

    record Recent(Instant time, int missed) {}

    private ScheduleTimes() {}

    /**
     * The most recent time the schedule fired after {@code earliest} and at or before {@code now}
     * (null if none) with the count of such times, counting at most {@code TOO_MANY_MISSED + 1}.
     */
    static Recent mostRecent(CronSchedule schedule, ZoneId zone, Instant earliest, Instant now) {
        ZonedDateTime t = schedule.next(earliest.atZone(zone), zone);
        Instant last = null;
        int count = 0;
        while (t != null && !t.toInstant().isAfter(now)) {
            last = t.toInstant();
            count++;
            if (count > TOO_MANY_MISSED) {
                // Jump to the latest fire time without walking every one in between.
                Instant latest = latestBefore(schedule, zone, last, now);
                return new Recent(latest, count);
            }
            t = schedule.next(t, zone);
        }
        return new Recent(last, count);
    }

    /** The latest fire time at or before {@code now}, searching backwards from {@code now} in growing windows. */
    private static Instant latestBefore(CronSchedule schedule, ZoneId zone, Instant known, Instant now) {
        long window = 3600;
        while (true) {
            Instant from = now.minusSeconds(window);
            if (!from.isAfter(known)) {
                from = known;
            }
            Instant latest = null;
            ZonedDateTime t = schedule.next(from.atZone(zone), zone);
            while (t != null && !t.toInstant().isAfter(now)) {
                latest = t.toInstant();
                t = schedule.next(t, zone);
            }
            if (latest != null || from.equals(known)) {
                return latest == null ? known : latest;
            }
            window *= 4;
        }
    }
}
