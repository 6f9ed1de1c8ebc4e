package dev.jube.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT0S, 0s", "PT-1S, 0s", "PT-1.9S, 0s", "PT-2S, <invalid>", "PT-1H, <invalid>",
            "PT0.9S, 0s", "PT1S, 1s", "PT59S, 59s", "PT60S, 60s", "PT119.999S, 119s", "PT2M, 2m",
            "PT2M3S, 2m3s", "PT9M59S, 9m59s", "PT10M, 10m", "PT10M59S, 10m", "PT179M59S, 179m", "PT3H, 3h",
            "PT3H5M, 3h5m", "PT3H5M59S, 3h5m", "PT7H59M, 7h59m", "PT8H, 8h", "PT8H59M, 8h", "PT47H59M, 47h",
            "PT48H, 2d", "PT50H, 2d2h", "PT74H, 3d2h", "PT191H, 7d23h", "PT192H, 8d", "PT17519H, 729d",
            "PT17520H, 2y", "PT17544H, 2y1d", "PT70079H, 7y364d", "PT70080H, 8y", "PT87600H, 10y"
    })
    void humanDurationMatchesUpstreamThresholds(String iso, String expected) {
        assertThat(Durations.human(Duration.parse(iso))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT-2S, <invalid>", "PT-1S, 0s", "PT0S, 0s", "PT59S, 59s", "PT60S, 1m", "PT59M59S, 59m",
            "PT60M, 1h", "PT23H59M, 23h", "PT24H, 1d", "PT8759H, 364d", "PT8760H, 1y", "PT26280H, 3y"
    })
    void shortHumanDurationUsesOneUnit(String iso, String expected) {
        assertThat(Durations.shortHuman(Duration.parse(iso))).isEqualTo(expected);
    }

    @Test
    void sinceWithoutTimestampIsUnknown() {
        assertThat(Durations.since(null, Instant.EPOCH)).isEqualTo("<unknown>");
    }

    @Test
    void sinceMeasuresFromTheTimestampToNow() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        assertThat(Durations.since(now.minusSeconds(300), now)).isEqualTo("5m");
        assertThat(Durations.since(now.plusSeconds(1), now)).isEqualTo("0s");
        assertThat(Durations.since(now.plusSeconds(30), now)).isEqualTo("<invalid>");
    }

    @Test
    void hugeDurationsSaturateLikeGo() {
        // Go's time.Duration tops out at about 292 years; upstream then prints 292y.
        assertThat(Durations.human(Duration.ofDays(365L * 1000))).isEqualTo("292y");
    }
}
