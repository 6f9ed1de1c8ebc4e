package dev.jube.api.selector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A field selector ({@code fieldSelector} query parameter), as apimachinery's
 * {@code fields.Selector}: comma-separated terms {@code field=value}, {@code field==value} or
 * {@code field!=value}, all of which must hold. In values, {@code \,}, {@code \=} and
 * {@code \\} stand for the literal characters; unescaped ',' and '=' are errors.
 *
 * <p>Which fields a kind supports is up to the server: check {@link #requirements()} or call
 * {@link #requireSupported} before matching.
 */
public final class FieldSelector {

    /** {@link #EQUALS} covers both "=" and "==". */
    public enum Operator {
        EQUALS, NOT_EQUALS
    }

    /** One term: the field path, the operator and the unescaped value. */
    public record Requirement(String field, Operator operator, String value) {

        public Requirement {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        /** True when the field's value (null meaning absent, read as "") satisfies the term. */
        public boolean matches(String actual) {
            boolean equal = value.equals(actual == null ? "" : actual);
            return operator == Operator.EQUALS ? equal : !equal;
        }

        @Override
        public String toString() {
            return field + (operator == Operator.EQUALS ? "=" : "!=") + escapeValue(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /** The selector with no terms, matching everything. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** A selector of the given terms in the given order. */
    public static FieldSelector of(List<Requirement> requirements) {
        return new FieldSelector(List.copyOf(requirements));
    }

    /** The selector {@code field=value}. */
    public static FieldSelector oneTermEquals(String field, String value) {
        return new FieldSelector(List.of(new Requirement(field, Operator.EQUALS, value)));
    }

    /**
     * Parses a field selector. Terms are sorted by their text first, as upstream does; empty
     * terms are skipped; an empty string is {@link #everything()}.
     *
     * @throws SelectorException with upstream's message
     */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> terms = splitTerms(selector);
        terms.sort(null);
        List<Requirement> reqs = new ArrayList<>();
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            Requirement r = splitTerm(term);
            if (r == null) {
                throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
            }
            reqs.add(r);
        }
        return new FieldSelector(List.copyOf(reqs));
    }

    /** Escapes a literal value for use in a selector: '\', ',' and '=' get a backslash. */
    public static String escapeValue(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Reverses {@link #escapeValue}.
     *
     * @throws SelectorException for an unknown escape or an unescaped ',' or '='
     */
    public static String unescapeValue(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder v = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                            + new String(Character.toChars(s.codePointAt(i))));
                }
                v.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // Upstream prints the character's code point here.
                throw new SelectorException("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                v.append(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return v.toString();
    }

    /** True when every term holds; {@code fields} returns a field's value, or null when absent. */
    public boolean matches(Function<String, String> fields) {
        for (Requirement r : requirements) {
            if (!r.matches(fields.apply(r.field()))) {
                return false;
            }
        }
        return true;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /** The value a term {@code field=value} demands, if there is one (handy for indexes, e.g. spec.nodeName). */
    public Optional<String> exactMatch(String field) {
        for (Requirement r : requirements) {
            if (r.field().equals(field) && r.operator() == Operator.EQUALS) {
                return Optional.of(r.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Rejects fields outside {@code supported}, with upstream's message ("field label not
     * supported: spec.foo").
     */
    public void requireSupported(Collection<String> supported) {
        for (Requirement r : requirements) {
            if (!supported.contains(r.field())) {
                throw new SelectorException("field label not supported: " + r.field());
            }
        }
    }

    /** A selector with each term replaced by {@code f} (e.g. to rename a field between versions). */
    public FieldSelector transform(Function<Requirement, Requirement> f) {
        return new FieldSelector(requirements.stream().map(f).toList());
    }

    /** Upstream's canonical text, e.g. {@code metadata.name=x,status.phase!=Running}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(java.util.stream.Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }

    /** Splits on commas not preceded by a backslash; escapes stay in the terms. */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(s.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(s.substring(start));
        return terms;
    }

    /** Splits at the first operator; "!=" and "==" win over "=" at the same position. */
    private static Requirement splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            Operator op = null;
            int len = 0;
            if (term.startsWith("!=", i)) {
                op = Operator.NOT_EQUALS;
                len = 2;
            } else if (term.startsWith("==", i)) {
                op = Operator.EQUALS;
                len = 2;
            } else if (term.startsWith("=", i)) {
                op = Operator.EQUALS;
                len = 1;
            }
            if (op != null) {
                return new Requirement(term.substring(0, i), op, unescapeValue(term.substring(i + len)));
            }
        }
        return null;
    }
}
