package dev.jube.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static String next(String schedule, String after) {
        return next(schedule, after, UTC);
    }

    private static String next(String schedule, String after, ZoneId zone) {
        ZonedDateTime t = CronSchedule.parse(schedule).next(Instant.parse(after).atZone(UTC), zone);
        return t == null ? null : t.toInstant().toString();
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertThat(next("* * * * *", "2026-01-01T10:00:30Z")).isEqualTo("2026-01-01T10:01:00Z");
        assertThat(next("* * * * *", "2026-01-01T10:01:00Z")).isEqualTo("2026-01-01T10:02:00Z");
    }

    @Test
    void rangesStepsListsAndNames() {
        assertThat(next("*/15 * * * *", "2026-01-01T10:16:00Z")).isEqualTo("2026-01-01T10:30:00Z");
        assertThat(next("5-10/5 * * * *", "2026-01-01T10:06:00Z")).isEqualTo("2026-01-01T10:10:00Z");
        assertThat(next("5-10/5 * * * *", "2026-01-01T10:10:00Z")).isEqualTo("2026-01-01T11:05:00Z");
        assertThat(next("0 9,17 * * *", "2026-01-01T10:00:00Z")).isEqualTo("2026-01-01T17:00:00Z");
        assertThat(next("30 2 * feb *", "2026-01-01T00:00:00Z")).isEqualTo("2026-02-01T02:30:00Z");
        // 2026-01-01 is a Thursday; the next Monday is the 5th.
        assertThat(next("0 0 * * MON", "2026-01-01T00:00:00Z")).isEqualTo("2026-01-05T00:00:00Z");
        assertThat(next("0 0 * * mon-wed", "2026-01-06T12:00:00Z")).isEqualTo("2026-01-07T00:00:00Z");
        assertThat(next("10/20 * * * *", "2026-01-01T10:31:00Z")).isEqualTo("2026-01-01T10:50:00Z");
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEitherButAStarMeansBoth() {
        // The 15th, or any Sunday: Sunday the 4th comes first.
        assertThat(next("0 0 15 * 0", "2026-01-01T00:00:00Z")).isEqualTo("2026-01-04T00:00:00Z");
        // Day of month * and Sunday: only Sundays.
        assertThat(next("0 0 * * 0", "2026-01-01T00:00:00Z")).isEqualTo("2026-01-04T00:00:00Z");
        // The 15th with day of week ?: only the 15th.
        assertThat(next("0 0 15 * ?", "2026-01-01T00:00:00Z")).isEqualTo("2026-01-15T00:00:00Z");
    }

    @Test
    void descriptors() {
        assertThat(next("@hourly", "2026-01-01T10:00:00Z")).isEqualTo("2026-01-01T11:00:00Z");
        assertThat(next("@daily", "2026-01-01T10:00:00Z")).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(next("@midnight", "2026-01-01T10:00:00Z")).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(next("@weekly", "2026-01-01T10:00:00Z")).isEqualTo("2026-01-04T00:00:00Z");
        assertThat(next("@monthly", "2026-01-01T10:00:00Z")).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(next("@yearly", "2026-01-01T10:00:00Z")).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("@annually", "2026-01-01T10:00:00Z")).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("@every 1h30m", "2026-01-01T10:00:00.500Z")).isEqualTo("2026-01-01T11:30:00Z");
    }

    @Test
    void theTimeZoneDecidesWhichInstantAWallTimeIs() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(next("0 9 * * *", "2026-01-01T00:00:00Z", berlin)).isEqualTo("2026-01-01T08:00:00Z");
        assertThat(next("0 9 * * *", "2026-07-01T00:00:00Z", berlin)).isEqualTo("2026-07-01T07:00:00Z");
        // 02:30 does not exist on 29 March 2026 in Berlin; it is skipped forward, not lost.
        assertThat(next("30 2 * * *", "2026-03-29T00:00:00Z", berlin)).isEqualTo("2026-03-29T01:30:00Z");
    }

    @Test
    void aScheduleThatNeverFiresHasNoNextTime() {
        assertThat(next("0 0 30 2 *", "2026-01-01T00:00:00Z")).isNull();
    }

    @Test
    void badSchedulesAreRejectedWithUpstreamsReasons() {
        assertThatThrownBy(() -> CronSchedule.parse("TZ=UTC 0 * * * *"))
                .hasMessage("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        assertThatThrownBy(() -> CronSchedule.parse("CRON_TZ=UTC 0 * * * *"))
                .hasMessage("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        assertThatThrownBy(() -> CronSchedule.parse("* * * *"))
                .hasMessage("expected exactly 5 fields, found 4: [* * * *]");
        assertThatThrownBy(() -> CronSchedule.parse("60 * * * *"))
                .hasMessage("end of range (60) above maximum (59): 60");
        assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *"))
                .hasMessage("beginning of range (5) beyond end of range (1): 5-1");
        assertThatThrownBy(() -> CronSchedule.parse("* * * foo *"))
                .hasMessage("failed to parse int from foo: foo");
        assertThatThrownBy(() -> CronSchedule.parse("@fortnightly"))
                .hasMessage("unrecognized descriptor: @fortnightly");
    }

    @Test
    void mostRecentTimeCountsMissedTimesAndJumpsAheadWhenThereAreTooMany() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *");
        Instant now = Instant.parse("2026-01-01T10:05:30Z");
        ScheduleTimes.Recent r = ScheduleTimes.mostRecent(everyMinute, UTC, Instant.parse("2026-01-01T10:00:00Z"), now);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(r.missed()).isEqualTo(5);
        ScheduleTimes.Recent many = ScheduleTimes.mostRecent(everyMinute, UTC, Instant.parse("2025-12-01T00:00:00Z"),
                now);
        assertThat(many.time()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(many.missed()).isGreaterThan(ScheduleTimes.TOO_MANY_MISSED);
        ScheduleTimes.Recent none = ScheduleTimes.mostRecent(everyMinute, UTC, Instant.parse("2026-01-01T10:05:00Z"),
                now);
        assertThat(none.time()).isNull();
        assertThat(none.missed()).isZero();
    }
}
