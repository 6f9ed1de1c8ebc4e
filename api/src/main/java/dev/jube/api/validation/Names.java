package dev.jube.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The name and label formats of the Kubernetes API. Each check returns the list of problems
 * worded as upstream words them (an empty list means valid). Lengths are counted in UTF-8
 * bytes, as upstream does. The checks scan characters rather than run the regular expressions
 * they quote, so their cost stays linear on hostile input.
 */
public final class Names {

    public static final int DNS1123_LABEL_MAX_LENGTH = 63;
    public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    public static final int DNS1035_LABEL_MAX_LENGTH = 63;
    public static final int QUALIFIED_NAME_MAX_LENGTH = 63;
    public static final int LABEL_VALUE_MAX_LENGTH = 63;
    /** The limit on the sum of the sizes of all annotation keys and values of one object. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

    public static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    public static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    public static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    public static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    public static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";

    private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private Names() {
    }

    /** A DNS-1123 subdomain: most object names (at most 253 bytes, lower case, dots allowed). */
    public static List<String> dns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!isSubdomain(value)) {
            errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /** A DNS-1123 label: namespace names and the like (at most 63 bytes, no dots). */
    public static List<String> dns1123Label(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_LABEL_MAX_LENGTH));
        }
        if (!isLabel(value, 0, value.length())) {
            // A valid subdomain that is not a valid label can only be failing on its dots.
            errs.add(isSubdomain(value)
                    ? "must not contain dots"
                    : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
        }
        return errs;
    }

    /** A DNS-1035 label: Service names (must start with a letter). */
    public static List<String> dns1035Label(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) {
            errs.add(maxLenError(DNS1035_LABEL_MAX_LENGTH));
        }
        if (!isLabel(value, 0, value.length()) || !isLower(value.charAt(0))) {
            errs.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    /** A qualified name: label keys, annotation keys, finalizers; an optional DNS subdomain prefix and '/'. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>(2);
        int slash = value.indexOf('/');
        String name = value;
        if (slash >= 0) {
            if (value.indexOf('/', slash + 1) >= 0) {
                errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT,
                        "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errs.add("prefix part " + emptyError());
            } else {
                for (String msg : dns1123Subdomain(prefix)) {
                    errs.add("prefix part " + msg);
                }
            }
        }
        if (name.isEmpty()) {
            errs.add("name part " + emptyError());
        } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errs.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!isQualifiedNamePart(name)) {
            errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** A label value: empty, or at most 63 bytes of alphanumerics, '-', '_', '.' starting and ending alphanumeric. */
    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errs.add(maxLenError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!value.isEmpty() && !isQualifiedNamePart(value)) {
            errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /**
     * The check upstream applies to every object name so that it can be a URL path segment:
     * not "." or "..", and no '/' or '%'.
     */
    public static List<String> pathSegmentName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        return pathSegmentPrefix(name);
    }

    /** As {@link #pathSegmentName} for a prefix (generateName): only the forbidden characters. */
    public static List<String> pathSegmentPrefix(String prefix) {
        List<String> errs = new ArrayList<>(2);
        if (prefix.contains("/")) {
            errs.add("may not contain '/'");
        }
        if (prefix.contains("%")) {
            errs.add("may not contain '%'");
        }
        return errs;
    }

    /** Validates metadata.labels: every key a qualified name, every value a label value. */
    public static List<FieldError> validateLabels(Map<String, String> labels, String fieldPath) {
        List<FieldError> errs = new ArrayList<>();
        if (labels == null) {
            return errs;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String msg : qualifiedName(e.getKey())) {
                errs.add(FieldError.invalid(fieldPath, e.getKey(), msg));
            }
            String v = e.getValue() == null ? "" : e.getValue();
            for (String msg : labelValue(v)) {
                errs.add(FieldError.invalid(fieldPath, v, msg));
            }
        }
        return errs;
    }

    /**
     * Validates metadata.annotations: keys are qualified names ignoring case, and all keys and
     * values together fit in {@link #TOTAL_ANNOTATION_SIZE_LIMIT_BYTES}.
     */
    public static List<FieldError> validateAnnotations(Map<String, String> annotations, String fieldPath) {
        List<FieldError> errs = new ArrayList<>();
        if (annotations == null) {
            return errs;
        }
        for (String key : annotations.keySet()) {
            for (String msg : qualifiedName(key.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid(fieldPath, key, msg));
            }
        }
        if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
            errs.add(FieldError.tooLong(fieldPath, "", TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
        }
        return errs;
    }

    /** The size upstream limits: the UTF-8 bytes of all keys and values. */
    public static long annotationsSize(Map<String, String> annotations) {
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            total += byteLength(e.getKey());
            total += e.getValue() == null ? 0 : byteLength(e.getValue());
        }
        return total;
    }

    public static boolean isDns1123Subdomain(String value) {
        return byteLength(value) <= DNS1123_SUBDOMAIN_MAX_LENGTH && isSubdomain(value);
    }

    public static boolean isDns1123Label(String value) {
        return dns1123Label(value).isEmpty();
    }

    public static boolean isQualifiedName(String value) {
        return qualifiedName(value).isEmpty();
    }

    public static boolean isLabelValue(String value) {
        return labelValue(value).isEmpty();
    }

    /** Upstream's wording for a too long value. */
    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    /** Upstream's wording for a value that does not match a format, with examples. */
    public static String regexError(String msg, String fmt, String... examples) {
        StringBuilder s = new StringBuilder(msg);
        if (examples.length == 0) {
            return s.append(" (regex used for validation is '").append(fmt).append("')").toString();
        }
        s.append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                s.append(" or ");
            }
            s.append('\'').append(examples[i]).append("', ");
        }
        return s.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    public static String emptyError() {
        return "must be non-empty";
    }

    static int byteLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static boolean isSubdomain(String s) {
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (!isLabel(s, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean isLabel(String s, int from, int to) {
        if (to <= from || !isLowerAlnum(s.charAt(from)) || !isLowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isLowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isQualifiedNamePart(String s) {
        if (s.isEmpty() || !isAlnum(s.charAt(0)) || !isAlnum(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLowerAlnum(char c) {
        return isLower(c) || (c >= '0' && c <= '9');
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }
}
