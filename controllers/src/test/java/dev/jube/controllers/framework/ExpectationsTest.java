package dev.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    @Test
    void creationsMustAllBeObservedBeforeTheOwnerSyncsAgain() {
        Expectations e = new Expectations();
        assertThat(e.satisfied("ns/rs")).isTrue();
        e.expectCreations("ns/rs", 2);
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationObserved("ns/rs");
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationObserved("ns/rs");
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deletionsAreTrackedByObjectSoADuplicateObservationDoesNotCountTwice() {
        Expectations e = new Expectations();
        e.expectDeletions("ns/rs", Set.of("ns/a", "ns/b"));
        e.deletionObserved("ns/rs", "ns/a");
        e.deletionObserved("ns/rs", "ns/a");
        assertThat(e.satisfied("ns/rs")).isFalse();
        assertThat(e.pendingDeletions("ns/rs")).isEqualTo(1);
        e.deletionObserved("ns/rs", "ns/b");
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void unmetExpectationsExpireAfterFiveMinutes() {
        long[] now = {0};
        Expectations e = new Expectations(() -> now[0]);
        e.expectCreations("ns/rs", 3);
        now[0] += Duration.ofMinutes(4).toNanos();
        assertThat(e.satisfied("ns/rs")).isFalse();
        now[0] += Duration.ofMinutes(2).toNanos();
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deletingTheOwnerForgetsItsExpectations() {
        Expectations e = new Expectations();
        e.expectCreations("ns/rs", 1);
        e.delete("ns/rs");
        assertThat(e.satisfied("ns/rs")).isTrue();
        assertThat(e.pendingCreations("ns/rs")).isZero();
    }
}
