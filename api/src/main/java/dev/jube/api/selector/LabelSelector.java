package dev.jube.api.selector;

import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A label selector: a conjunction of requirements on labels, as in apimachinery's
 * {@code labels.Selector}. Build one from the query-string grammar with {@link #parse}, from a
 * {@code metav1.LabelSelector} object with {@link #fromJson}, or from a map with {@link #fromMap}.
 *
 * <p>Two special selectors exist: {@link #everything()} (no requirements, matches every object)
 * and {@link #nothing()} (matches no object). Both print as the empty string, as upstream.
 */
public final class LabelSelector {

    /** Requirement operators; {@link #text()} is upstream's selection operator string. */
    public enum Operator {
        EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN("in"), NOT_IN("notin"),
        EXISTS("exists"), DOES_NOT_EXIST("!"), GREATER_THAN("gt"), LESS_THAN("lt");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One requirement: key, operator and values. Use {@link #of} to build a validated one.
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        /**
         * A validated requirement, with upstream's checks and messages.
         *
         * @throws SelectorException naming every problem
         */
        public static Requirement of(String key, Operator operator, List<String> values) {
            List<FieldError> errs = new ArrayList<>();
            List<String> keyErrs = Names.qualifiedName(key);
            if (!keyErrs.isEmpty()) {
                errs.add(FieldError.invalid("key", key, String.join("; ", keyErrs)));
            }
            switch (operator) {
                case IN, NOT_IN -> {
                    if (values.isEmpty()) {
                        errs.add(FieldError.invalid("values", values,
                                "for 'in', 'notin' operators, values set can't be empty"));
                    }
                }
                case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                    if (values.size() != 1) {
                        errs.add(FieldError.invalid("values", values,
                                "exact-match compatibility requires one single value"));
                    }
                }
                case EXISTS, DOES_NOT_EXIST -> {
                    if (!values.isEmpty()) {
                        errs.add(FieldError.invalid("values", values,
                                "values set must be empty for exists and does not exist"));
                    }
                }
                case GREATER_THAN, LESS_THAN -> {
                    if (values.size() != 1) {
                        errs.add(FieldError.invalid("values", values,
                                "for 'Gt', 'Lt' operators, exactly one value is required"));
                    }
                    for (int i = 0; i < values.size(); i++) {
                        if (parseLong(values.get(i)) == null) {
                            errs.add(FieldError.invalid("values[" + i + "]", values.get(i),
                                    "for 'Gt', 'Lt' operators, the value must be an integer"));
                        }
                    }
                }
                default -> throw new IllegalStateException(operator.name());
            }
            for (int i = 0; i < values.size(); i++) {
                List<String> valueErrs = Names.labelValue(values.get(i));
                if (!valueErrs.isEmpty()) {
                    errs.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i),
                            String.join("; ", valueErrs)));
                }
            }
            if (!errs.isEmpty()) {
                throw new SelectorException(SelectorException.aggregate(errs), errs);
            }
            return new Requirement(key, operator, values);
        }

        public boolean matches(Map<String, String> labels) {
            String actual = labels == null ? null : labels.get(key);
            if (actual != null && (operator == Operator.EQUALS || operator == Operator.IN
                    || operator == Operator.DOUBLE_EQUALS)) {
                return values.contains(actual); // the common case, without a second lookup
            }
            boolean present = labels != null && labels.containsKey(key);
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> present && values.contains(nullToEmpty(actual));
                case NOT_IN, NOT_EQUALS -> !present || !values.contains(nullToEmpty(actual));
                case EXISTS -> present;
                case DOES_NOT_EXIST -> !present;
                case GREATER_THAN, LESS_THAN -> {
                    Long have = present ? parseLong(nullToEmpty(actual)) : null;
                    Long want = values.size() == 1 ? parseLong(values.get(0)) : null;
                    if (have == null || want == null) {
                        yield false;
                    }
                    yield operator == Operator.GREATER_THAN ? have > want : have < want;
                }
            };
        }

        /** Upstream's text form, values sorted: {@code a in (x,y)}, {@code !a}, {@code a>1}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            if (operator == Operator.DOES_NOT_EXIST) {
                s.append('!');
            }
            s.append(key);
            switch (operator) {
                case EXISTS, DOES_NOT_EXIST -> {
                    return s.toString();
                }
                case EQUALS -> s.append('=');
                case DOUBLE_EQUALS -> s.append("==");
                case NOT_EQUALS -> s.append("!=");
                case IN -> s.append(" in (");
                case NOT_IN -> s.append(" notin (");
                case GREATER_THAN -> s.append('>');
                case LESS_THAN -> s.append('<');
                default -> throw new IllegalStateException(operator.name());
            }
            s.append(String.join(",", values.stream().sorted().toList()));
            if (operator == Operator.IN || operator == Operator.NOT_IN) {
                s.append(')');
            }
            return s.toString();
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** Matches every label set; what an empty selector string or an empty LabelSelector object means. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Matches no label set; what a null (absent) LabelSelector object means. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** A selector of the given requirements (already validated), kept sorted by key. */
    public static LabelSelector of(List<Requirement> requirements) {
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key));
        return new LabelSelector(List.copyOf(sorted), false);
    }

    /**
     * A selector requiring each label of the map (key=value), validated.
     *
     * @throws SelectorException when a key or value is not valid
     */
    public static LabelSelector fromMap(Map<String, String> labels) {
        List<Requirement> reqs = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            reqs.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(nullToEmpty(e.getValue()))));
        }
        return of(reqs);
    }

    /**
     * Parses the selector grammar of the {@code labelSelector} query parameter: comma-separated
     * requirements {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
     * {@code k notin (a)}, {@code k}, {@code !k}, {@code k>1}, {@code k<1}. An empty or blank
     * string is {@link #everything()}.
     *
     * @throws SelectorException with upstream's message for bad syntax, keys or values
     */
    public static LabelSelector parse(String selector) {
        return of(new LabelSelectorParser(selector).parse());
    }

    /**
     * Converts a {@code metav1.LabelSelector} object (matchLabels and matchExpressions). A null
     * node, JSON null or missing node gives {@link #nothing()}; an object with no matchLabels
     * and no matchExpressions gives {@link #everything()}.
     *
     * @throws SelectorException listing the problems {@link #validate} finds
     */
    public static LabelSelector fromJson(JsonNode node) {
        return fromJson(node, "");
    }

    /** As {@link #fromJson(JsonNode)}, reporting problems under {@code fieldPath} (e.g. "spec.selector"). */
    public static LabelSelector fromJson(JsonNode node, String fieldPath) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NOTHING;
        }
        List<FieldError> errs = validate(node, fieldPath);
        if (!errs.isEmpty()) {
            throw new SelectorException(SelectorException.aggregate(errs), errs);
        }
        List<Requirement> reqs = new ArrayList<>();
        JsonNode matchLabels = node.get("matchLabels");
        if (matchLabels != null && matchLabels.isObject()) {
            for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
                reqs.add(new Requirement(e.getKey(), Operator.EQUALS, List.of(text(e.getValue()))));
            }
        }
        JsonNode exprs = node.get("matchExpressions");
        if (exprs != null && exprs.isArray()) {
            for (JsonNode expr : exprs) {
                List<String> values = new ArrayList<>();
                JsonNode vs = expr.get("values");
                if (vs != null && vs.isArray()) {
                    vs.forEach(v -> values.add(text(v)));
                }
                Operator op = switch (text(expr.get("operator"))) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    default -> Operator.DOES_NOT_EXIST;
                };
                reqs.add(new Requirement(text(expr.get("key")), op, values));
            }
        }
        return reqs.isEmpty() ? EVERYTHING : of(reqs);
    }

    /**
     * Validates a {@code metav1.LabelSelector} object as upstream's ValidateLabelSelector does.
     * A null node is valid (it selects nothing).
     */
    public static List<FieldError> validate(JsonNode node, String fieldPath) {
        List<FieldError> errs = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return errs;
        }
        if (!node.isObject()) {
            errs.add(FieldError.invalid(fieldPath, node.toString(), "must be an object"));
            return errs;
        }
        String labelsPath = child(fieldPath, "matchLabels");
        JsonNode matchLabels = node.get("matchLabels");
        if (matchLabels != null && !matchLabels.isNull()) {
            if (!matchLabels.isObject()) {
                errs.add(FieldError.invalid(labelsPath, matchLabels.toString(), "must be an object"));
            } else {
                for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
                    if (!e.getValue().isString()) {
                        errs.add(FieldError.invalid(labelsPath + "[" + e.getKey() + "]", e.getValue().toString(),
                                "must be a string"));
                        continue;
                    }
                    errs.addAll(Names.validateLabels(Map.of(e.getKey(), e.getValue().stringValue()), labelsPath));
                }
            }
        }
        String exprsPath = child(fieldPath, "matchExpressions");
        JsonNode exprs = node.get("matchExpressions");
        if (exprs != null && !exprs.isNull()) {
            if (!exprs.isArray()) {
                errs.add(FieldError.invalid(exprsPath, exprs.toString(), "must be an array"));
            } else {
                for (int i = 0; i < exprs.size(); i++) {
                    validateRequirement(exprs.get(i), exprsPath + "[" + i + "]", errs);
                }
            }
        }
        return errs;
    }

    private static void validateRequirement(JsonNode expr, String path, List<FieldError> errs) {
        if (!expr.isObject()) {
            errs.add(FieldError.invalid(path, expr.toString(), "must be an object"));
            return;
        }
        JsonNode valuesNode = expr.get("values");
        int valueCount = valuesNode != null && valuesNode.isArray() ? valuesNode.size() : 0;
        if (valuesNode != null && !valuesNode.isNull() && !valuesNode.isArray()) {
            errs.add(FieldError.invalid(path + ".values", valuesNode.toString(), "must be an array"));
        }
        String op = text(expr.get("operator"));
        switch (op) {
            case "In", "NotIn" -> {
                if (valueCount == 0) {
                    errs.add(FieldError.required(path + ".values",
                            "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (valueCount > 0) {
                    errs.add(FieldError.forbidden(path + ".values",
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> errs.add(FieldError.invalid(path + ".operator", op, "not a valid selector operator"));
        }
        String key = text(expr.get("key"));
        for (String msg : Names.qualifiedName(key)) {
            errs.add(FieldError.invalid(path + ".key", key, msg));
        }
        for (int i = 0; i < valueCount; i++) {
            JsonNode v = valuesNode.get(i);
            if (!v.isString()) {
                errs.add(FieldError.invalid(path + ".values[" + i + "]", v.toString(), "must be a string"));
                continue;
            }
            for (String msg : Names.labelValue(v.stringValue())) {
                errs.add(FieldError.invalid(path + ".values[" + i + "]", v.stringValue(), msg));
            }
        }
    }

    /** True when every requirement holds; {@link #nothing()} matches nothing. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** True for a selector with no requirements that matches everything. */
    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    /** The requirements, sorted by key. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** The key=value pairs when every requirement is an equality, e.g. for indexing; else null. */
    public Map<String, String> equalityMap() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Requirement r : requirements) {
            if (r.operator() != Operator.EQUALS && r.operator() != Operator.DOUBLE_EQUALS) {
                return null;
            }
            out.put(r.key(), r.values().get(0));
        }
        return out;
    }

    /** Upstream's canonical text, e.g. {@code app=web,tier in (a,b)}; both special selectors print "". */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(java.util.stream.Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + (nothing ? 1 : 0);
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.isString() ? n.stringValue() : n.toString();
    }

    private static String child(String path, String name) {
        return path == null || path.isEmpty() ? name : path + "." + name;
    }

}
