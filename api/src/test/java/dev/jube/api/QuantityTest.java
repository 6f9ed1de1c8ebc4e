package dev.jube.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.api.Quantity.Format;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class QuantityTest {

    @ParameterizedTest(name = "{0} prints {1}")
    @CsvSource({
            "0, 0", "0n, 0", "0m, 0", "0Ki, 0", "0Gi, 0", "-0, 0", "000, 0", "0.000, 0",
            "1, 1", "100m, 100m", "1000m, 1", "1500m, 1500m", "0.5, 500m", "1.5, 1500m", "12.34, 12340m",
            "-1.5, -1500m", "1000, 1k", "1500, 1500", "1200000, 1200k", "1k, 1k", "1M, 1M", "1G, 1G",
            "1T, 1T", "1P, 1P", "1E, 1E", "1.5k, 1500", "0.001k, 1", "1n, 1n", "1u, 1u", "1000n, 1u",
            "0.1n, 1n", "0.0000000001, 1n", "-0.0000000001, -1n", "1.G, 1.G", "1.0G, 1G",
            "1Ki, 1Ki", "1024, 1024", "1024Ki, 1Mi", "1024Mi, 1Gi", "2Gi, 2Gi", "500Mi, 500Mi", "1.5Gi, 1536Mi",
            "0.5Ki, 512", "1.1Ki, 1126400m", "3Ki, 3Ki", "1Ei, 1Ei", "8Ei, 9223372036854775807",
            "0.5Mi, 512Ki", "-1Ki, -1Ki", "-1024Ki, -1Mi",
            "1e3, 1e3", "1e-3, 1e-3", "10e3, 10e3", "1e6, 1e6", "100e3, 100e3", "1000e3, 1e6",
            "1e-10, 1e-9", "1.5e3, 1500", "1E3, 1E3", "1e0, 1e0", "1.0e0, 1", "1e+3, 1e+3",
            "+1, +1", "01, 01", "+1000, 1k"
    })
    void canonicalForm(String in, String out) {
        assertThat(Quantity.parse(in).toString()).isEqualTo(out);
    }

    @Test
    void canonicalFormIsStable() {
        for (String s : new String[] {"1024Mi", "0.5", "1.5Gi", "1e-10", "12.34", "8Ei", "1.1Ki", "1000e3"}) {
            String once = Quantity.parse(s).toString();
            assertThat(Quantity.parse(once).toString()).as(s).isEqualTo(once);
            assertThat(Quantity.parse(once)).as(s).isEqualTo(Quantity.parse(s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "1.1.1", "1..", "1Ki1Ki", "1 Ki",
            "x1", "1,5", "١", "1e3.5", "1-e3"})
    void formatErrors(String in) {
        assertThatThrownBy(() -> Quantity.parse(in))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessage("quantities must match the regular expression "
                        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1K", "1e", "1Ki3", "1iK", "1kk", "1mi", "1e+", "1e99999999999", "1Gi-1", "1Mm",
            "--1", "+-1", "1-", "1e-", "1ki"})
    void suffixErrors(String in) {
        assertThatThrownBy(() -> Quantity.parse(in))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessage("unable to parse quantity's suffix");
    }

    @Test
    void lenientShapesUpstreamAccepts() {
        assertThat(Quantity.parse(".").isZero()).isTrue();
        assertThat(Quantity.parse("-").isZero()).isTrue();
        assertThat(Quantity.parse(".5").toString()).isEqualTo("500m");
        assertThat(Quantity.parse("Ki").isZero()).isTrue();
        // Upstream keeps a parsed string that is already in canonical shape, quirks included.
        assertThat(Quantity.parse("5.").toString()).isEqualTo("5.");
        assertThat(Quantity.parse("5.").add(Quantity.ZERO).toString()).isEqualTo("5");
    }

    @Test
    void numericErrorWhenNoDigitsAndNoFastPath() {
        assertThatThrownBy(() -> Quantity.parse(".e-12")).hasMessage("unable to parse numeric part of quantity");
    }

    @Test
    void valuesRoundAwayFromZero() {
        assertThat(Quantity.parse("1").milliValue()).isEqualTo(1000);
        assertThat(Quantity.parse("100m").milliValue()).isEqualTo(100);
        assertThat(Quantity.parse("0.1m").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse("1Ki").milliValue()).isEqualTo(1_024_000);
        assertThat(Quantity.parse("1.5").value()).isEqualTo(2);
        assertThat(Quantity.parse("-1.5").value()).isEqualTo(-2);
        assertThat(Quantity.parse("100m").value()).isEqualTo(1);
        assertThat(Quantity.parse("2Gi").value()).isEqualTo(2L << 30);
        assertThat(Quantity.parse("1n").scaledValue(-9)).isEqualTo(1);
        assertThat(Quantity.parse("1500").scaledValue(3)).isEqualTo(2);
    }

    @Test
    void overflowIsAnError() {
        assertThatThrownBy(() -> Quantity.parse("8Ei").milliValue()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Quantity.parse("1e1000000000").value()).isInstanceOf(ArithmeticException.class);
        assertThat(Quantity.parse("8Ei").value()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void exactComparison() {
        assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1G"));
        assertThat(Quantity.parse("1000m")).isEqualTo(Quantity.parse("1"));
        assertThat(Quantity.parse("1000m").hashCode()).isEqualTo(Quantity.parse("1").hashCode());
        assertThat(Quantity.parse("1k")).isEqualTo(Quantity.parse("1e3"));
        assertThat(Quantity.parse("1024")).isEqualTo(Quantity.parse("1Ki"));
        assertThat(Quantity.parse("0.1")).isLessThan(Quantity.parse("101m"));
        assertThat(Quantity.parse("-1")).isLessThan(Quantity.ZERO);
        assertThat(Quantity.parse("100000000000000000001"))
                .isGreaterThan(Quantity.parse("100000000000000000000"));
        assertThat(Quantity.parse("0m")).isEqualTo(Quantity.ZERO);
        assertThat(Quantity.parse("0m").hashCode()).isEqualTo(Quantity.ZERO.hashCode());
    }

    @Test
    void arithmeticKeepsFormats() {
        Quantity sum = Quantity.parse("1Gi").add(Quantity.parse("1Gi"));
        assertThat(sum.toString()).isEqualTo("2Gi");
        assertThat(Quantity.ZERO.add(Quantity.parse("1Ki")).toString()).isEqualTo("1Ki");
        assertThat(Quantity.parse("1").subtract(Quantity.parse("250m")).toString()).isEqualTo("750m");
        assertThat(Quantity.parse("100m").negate().toString()).isEqualTo("-100m");
        assertThat(Quantity.parse("1Gi").withFormat(Format.DECIMAL_SI).toString()).isEqualTo("1073741824");
        assertThat(Quantity.parse("1k").withFormat(Format.DECIMAL_EXPONENT).toString()).isEqualTo("1e3");
    }

    @Test
    void constructors() {
        assertThat(Quantity.of(2048, Format.BINARY_SI).toString()).isEqualTo("2Ki");
        assertThat(Quantity.ofMilli(250, Format.DECIMAL_SI).toString()).isEqualTo("250m");
        assertThat(Quantity.ofMilli(500, Format.BINARY_SI).toString()).isEqualTo("500m");
        assertThat(Quantity.of(new BigDecimal("0.0000000001"), Format.DECIMAL_SI).toString()).isEqualTo("1n");
        assertThat(Quantity.of(1_000_000_000_000_000_000L, Format.DECIMAL_SI).toString()).isEqualTo("1E");
        assertThat(Quantity.parse("1000E").toString()).isEqualTo("1e21");
        assertThat(Quantity.parse("1Gi").format()).isEqualTo(Format.BINARY_SI);
        assertThat(Quantity.parse("0.5Ki").format()).isEqualTo(Format.BINARY_SI);
        assertThat(Quantity.parse("0.5Ei").format()).isEqualTo(Format.BINARY_SI);
        assertThat(Quantity.parse("1e3").format()).isEqualTo(Format.DECIMAL_EXPONENT);
        assertThat(Quantity.tryParse("nope")).isNull();
    }

    @Test
    void fromJson() {
        JsonMapper mapper = JsonMapper.builder().build();
        assertThat(Quantity.fromJson(mapper.readTree("\" 2Gi \"")).toString()).isEqualTo("2Gi");
        assertThat(Quantity.fromJson(mapper.readTree("0.5")).toString()).isEqualTo("500m");
        assertThat(Quantity.fromJson(mapper.readTree("3")).toString()).isEqualTo("3");
        assertThatThrownBy(() -> Quantity.fromJson(mapper.readTree("true")))
                .isInstanceOf(QuantityFormatException.class);
        assertThatThrownBy(() -> Quantity.fromJson(mapper.readTree("null")))
                .isInstanceOf(QuantityFormatException.class);
    }
}
