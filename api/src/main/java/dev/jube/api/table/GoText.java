package dev.jube.api.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Prints JSON values the way upstream's Go code does in printer-column cells: scalars as
 * fmt.Print would ("5", "1.5", "1e+06", "true"), objects and arrays as encoding/json would
 * (keys sorted, HTML characters escaped, no spaces).
 */
final class GoText {

    private GoText() {
    }

    /** A value as client-go's jsonpath prints it; JSON null is text/template's "&lt;no value&gt;". */
    static String print(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return Boolean.toString(v.booleanValue());
        }
        if (v.isNumber()) {
            Long l = asInt64(v);
            return l != null ? Long.toString(l) : formatFloat(v.doubleValue());
        }
        StringBuilder out = new StringBuilder();
        marshal(v, out);
        return out.toString();
    }

    /** The int64 an unstructured decode would give, or null when Go would decode a float64. */
    static Long asInt64(JsonNode n) {
        if (!n.isNumber()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            BigInteger big = n.bigIntegerValue();
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        // 1.0 or 1e3 in the text: Go's json.Number.Int64 refuses it, so it is a float64.
        return null;
    }

    /** fmt's %v of a float64 (%g, shortest digits): exponent form below 1e-4 and from 1e6 on. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            return exponent(bd, exp, true);
        }
        return bd.toPlainString();
    }

    /** encoding/json's float64: plain between 1e-6 and 1e21, else exponent form ("1e-7", "1e+21"). */
    static String formatJsonFloat(double d) {
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs < 1e-6 || abs >= 1e21) {
            int exp = bd.precision() - bd.scale() - 1;
            return exponent(bd, exp, false);
        }
        return bd.toPlainString();
    }

    private static String exponent(BigDecimal bd, int exp, boolean twoDigitExponent) {
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder();
        if (bd.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        String e = Integer.toString(Math.abs(exp));
        if (twoDigitExponent && e.length() < 2) {
            out.append('0');
        }
        return out.append(e).toString();
    }

    /** encoding/json's Marshal of an unstructured value. */
    static void marshal(JsonNode v, StringBuilder out) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            out.append("null");
        } else if (v.isString()) {
            quote(v.stringValue(), out);
        } else if (v.isBoolean()) {
            out.append(v.booleanValue());
        } else if (v.isNumber()) {
            Long l = asInt64(v);
            out.append(l != null ? Long.toString(l) : formatJsonFloat(v.doubleValue()));
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                marshal(v.get(i), out);
            }
            out.append(']');
        } else if (v.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(v.properties());
            entries.sort((a, b) -> compareUtf8(a.getKey(), b.getKey()));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : entries) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(e.getKey(), out);
                out.append(':');
                marshal(e.getValue(), out);
            }
            out.append('}');
        } else {
            out.append(v.toString());
        }
    }

    /** Go sorts map keys by their UTF-8 bytes, which is code point order. */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
