package dev.jube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobBackoffTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final JobBackoff backoff = new JobBackoff(Duration.ofSeconds(10), Duration.ofMinutes(6));

    @Test
    void theDelayDoublesWithEachFailureUpToTheCap() {
        assertThat(backoff.remaining("ns/j", t0)).isZero();
        backoff.observe("ns/j", 0, 1, t0);
        assertThat(backoff.remaining("ns/j", t0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.remaining("ns/j", t0.plusSeconds(4))).isEqualTo(Duration.ofSeconds(6));
        backoff.observe("ns/j", 0, 1, t0);
        assertThat(backoff.remaining("ns/j", t0)).isEqualTo(Duration.ofSeconds(20));
        backoff.observe("ns/j", 0, 2, t0);
        assertThat(backoff.remaining("ns/j", t0)).isEqualTo(Duration.ofSeconds(80));
        backoff.observe("ns/j", 0, 10, t0);
        assertThat(backoff.remaining("ns/j", t0)).isEqualTo(Duration.ofMinutes(6));
        assertThat(backoff.remaining("ns/j", t0.plus(Duration.ofMinutes(7)))).isZero();
    }

    @Test
    void aSuccessResetsTheCount() {
        backoff.observe("ns/j", 0, 3, t0);
        backoff.observe("ns/j", 1, 0, t0);
        assertThat(backoff.remaining("ns/j", t0)).isZero();
        backoff.observe("ns/j", 0, 1, t0);
        assertThat(backoff.remaining("ns/j", t0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void completedIndexesAreWrittenAsRanges() {
        assertThat(CompletedIndexes.format(java.util.List.of(5, 0, 1, 2, 7, 8))).isEqualTo("0-2,5,7-8");
        assertThat(CompletedIndexes.parse("0-2,5,7-8", 8)).containsExactly(0, 1, 2, 5, 7);
        assertThat(CompletedIndexes.format(java.util.List.of())).isEmpty();
    }
}
