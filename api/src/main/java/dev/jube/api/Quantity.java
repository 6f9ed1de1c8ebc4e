package dev.jube.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A Kubernetes resource quantity ("100m", "1.5", "2Gi", "1e3"): an exact decimal amount plus the
 * notation it is printed in. Parsing, rounding and canonical printing follow apimachinery's
 * {@code resource.Quantity}: amounts finer than nano units round away from zero to 1n, binary
 * quantities are capped at the largest int64, and {@link #toString()} prints the canonical form
 * ("1024Mi" prints "1Gi", "0.5" prints "500m"), except that a string already in canonical shape
 * is kept as written, as upstream does.
 *
 * <p>Instances are immutable. {@link #equals} and {@link #compareTo} compare amounts only.
 */
public final class Quantity implements Comparable<Quantity> {

    /** How a quantity is printed. */
    public enum Format {
        /** e.g. 12e6 */
        DECIMAL_EXPONENT,
        /** e.g. 12Mi (powers of 1024) */
        BINARY_SI,
        /** e.g. 12M, 12m (powers of 1000) */
        DECIMAL_SI
    }

    public static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public static final String NUMERIC_ERROR = "unable to parse numeric part of quantity";
    public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI, null);

    private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigInteger THOUSAND_TWENTY_FOUR = BigInteger.valueOf(1024);
    private static final int NANO = -9;
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";

    private final BigDecimal amount;
    private final Format format;
    /** The input text when upstream would print it unchanged, else null. */
    private final String text;

    private Quantity(BigDecimal amount, Format format, String text) {
        this.amount = amount;
        this.format = format;
        this.text = text;
    }

    /** A whole number of units, e.g. {@code of(2, BINARY_SI)} for 2 bytes. */
    public static Quantity of(long value, Format format) {
        return new Quantity(BigDecimal.valueOf(value), Objects.requireNonNull(format), null);
    }

    /** Thousandths of a unit, e.g. {@code ofMilli(250, DECIMAL_SI)} prints "250m". */
    public static Quantity ofMilli(long milliValue, Format format) {
        return new Quantity(BigDecimal.valueOf(milliValue, 3), Objects.requireNonNull(format), null);
    }

    /** An exact amount; anything finer than 1n rounds away from zero to the next nano unit. */
    public static Quantity of(BigDecimal amount, Format format) {
        return new Quantity(roundToNano(amount), Objects.requireNonNull(format), null);
    }

    /**
     * Parses a quantity string.
     *
     * @throws QuantityFormatException with upstream's message when the text is not a quantity
     */
    public static Quantity parse(String str) {
        if (str == null || str.isEmpty()) {
            throw new QuantityFormatException(FORMAT_ERROR);
        }
        int end = str.length();
        int pos = 0;
        boolean positive = true;
        if (str.charAt(0) == '-') {
            positive = false;
            pos++;
        } else if (str.charAt(0) == '+') {
            pos++;
        }
        while (pos < end && str.charAt(pos) == '0') {
            pos++;
        }
        int numStart = pos;
        while (pos < end && isDigit(str.charAt(pos))) {
            pos++;
        }
        String rawNum = str.substring(numStart, pos);
        String denom = "";
        if (pos < end && str.charAt(pos) == '.') {
            pos++;
            int denomStart = pos;
            while (pos < end && isDigit(str.charAt(pos))) {
                pos++;
            }
            denom = str.substring(denomStart, pos);
        }
        String suffix = str.substring(pos);
        if (!isWellFormedSuffix(suffix)) {
            throw new QuantityFormatException(FORMAT_ERROR);
        }
        String num = rawNum.isEmpty() ? "0" : rawNum;

        Suffix parsed = Suffix.interpret(suffix);
        if (parsed == null) {
            throw new QuantityFormatException(SUFFIX_ERROR);
        }
        Format format = parsed.format;
        String keep = canonicalInput(str, num, denom, parsed);

        if (rawNum.isEmpty() && denom.isEmpty() && !fitsFastPath(num, denom, parsed)) {
            throw new QuantityFormatException(NUMERIC_ERROR);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(new BigInteger(num + denom), denom.length());
            if (parsed.base == 10) {
                amount = amount.scaleByPowerOfTen(parsed.exponent);
            } else {
                amount = new BigDecimal(amount.unscaledValue().shiftLeft(parsed.exponent), amount.scale());
            }
            if (!positive) {
                amount = amount.negate();
            }
            amount = roundToNano(amount);
        } catch (ArithmeticException e) {
            // Only an exponent near the limits of int can overflow the decimal scale.
            throw new QuantityFormatException(NUMERIC_ERROR);
        }
        if (format == Format.BINARY_SI) {
            if (amount.abs().compareTo(MAX_INT64) > 0) {
                amount = positive ? MAX_INT64 : MAX_INT64.negate();
            }
            if (amount.signum() != 0 && amount.abs().compareTo(BigDecimal.ONE) < 0) {
                format = Format.DECIMAL_SI;
            }
        }
        return new Quantity(amount, format, keep);
    }

    /** Parses, returning null instead of throwing. */
    public static Quantity tryParse(String str) {
        try {
            return parse(str);
        } catch (QuantityFormatException e) {
            return null;
        }
    }

    /**
     * Reads a quantity from JSON as upstream's decoder does: a string (surrounding whitespace
     * ignored) or a number.
     *
     * @throws QuantityFormatException for other node types or bad text
     */
    public static Quantity fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new QuantityFormatException(FORMAT_ERROR);
        }
        if (node.isString()) {
            return parse(node.stringValue().strip());
        }
        if (node.isNumber()) {
            return parse(node.decimalValue().toPlainString());
        }
        throw new QuantityFormatException(FORMAT_ERROR);
    }

    /** The exact amount. */
    public BigDecimal amount() {
        return amount;
    }

    public Format format() {
        return format;
    }

    public int signum() {
        return amount.signum();
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * The amount rounded away from zero to a whole number.
     *
     * @throws ArithmeticException if it does not fit in a long
     */
    public long value() {
        return scaledValue(0);
    }

    /**
     * The amount in thousandths, rounded away from zero (e.g. CPU in millicores).
     *
     * @throws ArithmeticException if it does not fit in a long
     */
    public long milliValue() {
        return scaledValue(-3);
    }

    /**
     * The amount in units of 10^scale, rounded away from zero.
     *
     * @throws ArithmeticException if it does not fit in a long
     */
    public long scaledValue(int scale) {
        // Checked first so that a huge exponent never expands into a huge integer.
        if (amount.abs().compareTo(MAX_INT64.scaleByPowerOfTen(scale)) > 0) {
            throw new ArithmeticException("quantity " + this + " does not fit in a 64-bit integer at scale " + scale);
        }
        BigDecimal scaled = amount.scaleByPowerOfTen(-scale).setScale(0, RoundingMode.UP);
        try {
            return scaled.longValueExact();
        } catch (ArithmeticException e) {
            throw new ArithmeticException("quantity " + this + " does not fit in a 64-bit integer at scale " + scale);
        }
    }

    /** The sum; a zero left operand takes the right operand's format, as upstream. */
    public Quantity add(Quantity other) {
        return new Quantity(amount.add(other.amount), isZero() ? other.format : format, null);
    }

    /** The difference; a zero left operand takes the right operand's format, as upstream. */
    public Quantity subtract(Quantity other) {
        return new Quantity(amount.subtract(other.amount), isZero() ? other.format : format, null);
    }

    public Quantity negate() {
        return new Quantity(amount.negate(), format, null);
    }

    /** The same amount printed in another format. */
    public Quantity withFormat(Format newFormat) {
        return new Quantity(amount, Objects.requireNonNull(newFormat), null);
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    /** True when the amounts are equal, whatever their formats. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
    }

    /** The canonical text, e.g. "1Gi", "500m", "1e3". */
    @Override
    public String toString() {
        return text != null ? text : canonical();
    }

    private String canonical() {
        if (amount.signum() == 0) {
            return "0";
        }
        Format f = format;
        if (f == Format.BINARY_SI) {
            boolean small = amount.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
            boolean whole = amount.stripTrailingZeros().scale() <= 0;
            if (small || !whole) {
                f = Format.DECIMAL_SI;
            }
        }
        if (f == Format.BINARY_SI) {
            BigInteger n = amount.toBigIntegerExact();
            int power = 0;
            while (power < 6) {
                BigInteger[] qr = n.divideAndRemainder(THOUSAND_TWENTY_FOUR);
                if (qr[1].signum() != 0) {
                    break;
                }
                n = qr[0];
                power++;
            }
            return n + Suffix.binary(power);
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        long exponent = -(long) stripped.scale();
        while (exponent % 3 != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exponent--;
        }
        if (f == Format.DECIMAL_SI) {
            String si = Suffix.decimal((int) exponent);
            // Beyond the named prefixes upstream has no suffix; exponent notation keeps the value.
            return mantissa + (si != null ? si : "e" + exponent);
        }
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }

    private static BigDecimal roundToNano(BigDecimal amount) {
        return amount.scale() > -NANO ? amount.setScale(-NANO, RoundingMode.UP) : amount;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Letters from the suffix alphabet, then an optional sign, then digits. */
    private static boolean isWellFormedSuffix(String s) {
        int i = 0;
        while (i < s.length() && SUFFIX_CHARS.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i == s.length();
    }

    /** Upstream's fast path: small enough for an int64 with at least nano precision. */
    private static boolean fitsFastPath(String num, String denom, Suffix s) {
        return fastPathValue(num, denom, s) != null;
    }

    private static Long fastPathValue(String num, String denom, Suffix s) {
        int precision;
        long scale;
        if (s.format == Format.BINARY_SI) {
            if (s.exponent < 0 || !denom.isEmpty()) {
                return null;
            }
            precision = 15 - num.length() - (int) ((float) s.exponent * 3 / 10) - 1;
            scale = 0;
        } else {
            precision = 18 - (num.length() + denom.length());
            scale = s.exponent;
        }
        if (precision < 0) {
            return null;
        }
        scale -= denom.length();
        if (scale < NANO) {
            return null;
        }
        long value = Long.parseLong(num + denom);
        if (s.format == Format.BINARY_SI) {
            long mantissa = 1L << s.exponent;
            try {
                return Math.multiplyExact(value, mantissa);
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return value;
    }

    /** The input, when upstream keeps the parsed string for printing. */
    private static String canonicalInput(String str, String num, String denom, Suffix s) {
        if (fastPathValue(num, denom, s) == null) {
            return null;
        }
        String shifted = num + denom;
        if (s.format == Format.BINARY_SI) {
            long value = Long.parseLong(shifted);
            return s.exponent % 10 == 0 && (value & 0x07) != 0 ? str : null;
        }
        long scale = (long) s.exponent - denom.length();
        boolean canonical = scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
        return canonical ? str : null;
    }

    /** A parsed suffix: amount = number * base^exponent. */
    private record Suffix(int base, int exponent, Format format) {

        static Suffix interpret(String s) {
            switch (s) {
                case "": return new Suffix(10, 0, Format.DECIMAL_SI);
                case "n": return new Suffix(10, -9, Format.DECIMAL_SI);
                case "u": return new Suffix(10, -6, Format.DECIMAL_SI);
                case "m": return new Suffix(10, -3, Format.DECIMAL_SI);
                case "k": return new Suffix(10, 3, Format.DECIMAL_SI);
                case "M": return new Suffix(10, 6, Format.DECIMAL_SI);
                case "G": return new Suffix(10, 9, Format.DECIMAL_SI);
                case "T": return new Suffix(10, 12, Format.DECIMAL_SI);
                case "P": return new Suffix(10, 15, Format.DECIMAL_SI);
                case "E": return new Suffix(10, 18, Format.DECIMAL_SI);
                case "Ki": return new Suffix(2, 10, Format.BINARY_SI);
                case "Mi": return new Suffix(2, 20, Format.BINARY_SI);
                case "Gi": return new Suffix(2, 30, Format.BINARY_SI);
                case "Ti": return new Suffix(2, 40, Format.BINARY_SI);
                case "Pi": return new Suffix(2, 50, Format.BINARY_SI);
                case "Ei": return new Suffix(2, 60, Format.BINARY_SI);
                default:
            }
            if (s.length() > 1 && (s.charAt(0) == 'e' || s.charAt(0) == 'E')) {
                try {
                    // Upstream reads an int64 and keeps 32 bits; refusing what does not fit loses nothing silently.
                    return new Suffix(10, Integer.parseInt(s.substring(1)), Format.DECIMAL_EXPONENT);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        static String decimal(int exponent) {
            return switch (exponent) {
                case -9 -> "n";
                case -6 -> "u";
                case -3 -> "m";
                case 0 -> "";
                case 3 -> "k";
                case 6 -> "M";
                case 9 -> "G";
                case 12 -> "T";
                case 15 -> "P";
                case 18 -> "E";
                default -> null;
            };
        }

        static String binary(int power) {
            return switch (power) {
                case 0 -> "";
                case 1 -> "Ki";
                case 2 -> "Mi";
                case 3 -> "Gi";
                case 4 -> "Ti";
                case 5 -> "Pi";
                default -> "Ei";
            };
        }
    }
}
