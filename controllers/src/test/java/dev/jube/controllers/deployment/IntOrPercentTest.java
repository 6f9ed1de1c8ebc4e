package dev.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

class IntOrPercentTest {

    @Test
    void numbersAreTakenAsTheyAre() {
        assertThat(IntOrPercent.scaled(new IntOrString(3), 10, true)).isEqualTo(3);
        assertThat(IntOrPercent.scaled(new IntOrString(3), 10, false)).isEqualTo(3);
    }

    @Test
    void percentagesRoundUpForSurgeAndDownForUnavailability() {
        assertThat(IntOrPercent.scaled(new IntOrString("25%"), 10, true)).isEqualTo(3);
        assertThat(IntOrPercent.scaled(new IntOrString("25%"), 10, false)).isEqualTo(2);
        assertThat(IntOrPercent.scaled(new IntOrString("25%"), 1, true)).isEqualTo(1);
        assertThat(IntOrPercent.scaled(new IntOrString("25%"), 1, false)).isZero();
        assertThat(IntOrPercent.scaled(new IntOrString("100%"), 7, false)).isEqualTo(7);
        assertThat(IntOrPercent.scaled(new IntOrString("0%"), 7, true)).isZero();
    }

    @Test
    void fencepostsNeverLeaveBothAtZero() {
        // 25% of 1: surge 1, unavailable 0.
        assertThat(IntOrPercent.resolve(new IntOrString("25%"), new IntOrString("25%"), 1))
                .isEqualTo(new IntOrPercent.Fenceposts(1, 0));
        assertThat(IntOrPercent.resolve(new IntOrString(0), new IntOrString("10%"), 5))
                .isEqualTo(new IntOrPercent.Fenceposts(0, 1));
        assertThat(IntOrPercent.resolve(new IntOrString("25%"), new IntOrString("25%"), 10))
                .isEqualTo(new IntOrPercent.Fenceposts(3, 2));
    }

    @Test
    void aStringThatIsNotAPercentageIsRejected() {
        assertThatThrownBy(() -> IntOrPercent.scaled(new IntOrString("three"), 10, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a percentage");
        assertThatThrownBy(() -> IntOrPercent.scaled(new IntOrString("x%"), 10, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x%");
    }
}
