package dev.jube.api.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The JSONPath dialect of kubectl and of CustomResourceDefinition printer columns (client-go's
 * jsonpath, the parts that address values): {@code .a.b}, {@code .a\.b} (escaped dot),
 * {@code ['a.b']} / {@code ["a"]}, {@code [2]}, {@code [-1]}, {@code [1:3]}, {@code [0,2]},
 * {@code [*]} / {@code .*}, {@code ..name} (recursive descent) and filters such as
 * {@code [?(@.type=="Ready")]}, {@code [?(@.port>8000)]} or {@code [?(@.name)]}. The expression
 * may be wrapped in {@code {...}} and may start with {@code $}.
 *
 * <p>Missing keys give no result rather than an error, as printer columns use it.
 */
public final class JsonPath {

    private final String expression;
    private final List<Step> steps;

    private JsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /**
     * Parses an expression.
     *
     * @throws TableException naming the expression and the problem
     */
    public static JsonPath parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String text = expression.strip();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        Parser p = new Parser(expression, text);
        if (p.peek() == '$') {
            p.pos++;
        }
        List<Step> steps = p.steps();
        if (!p.atEnd()) {
            throw p.error("unexpected character '" + p.peek() + "'");
        }
        return new JsonPath(expression, List.copyOf(steps));
    }

    public String expression() {
        return expression;
    }

    /** All values the path selects, in document order; JSON null values included. */
    public List<JsonNode> find(JsonNode root) {
        return apply(steps, List.of(root));
    }

    @Override
    public String toString() {
        return expression;
    }

    private static List<JsonNode> apply(List<Step> steps, List<JsonNode> input) {
        List<JsonNode> current = input;
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    step.apply(node, next);
                }
            }
            current = next;
        }
        return current;
    }

    private interface Step {
        void apply(JsonNode node, List<JsonNode> out);
    }

    private record Fields(List<String> names) implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isObject()) {
                return;
            }
            for (String name : names) {
                JsonNode v = node.get(name);
                if (v != null) {
                    out.add(v);
                }
            }
        }
    }

    private record Wildcard() implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            if (node.isContainer()) {
                node.forEach(out::add);
            }
        }
    }

    private record Indices(List<Integer> indices) implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            for (int i : indices) {
                int idx = i < 0 ? i + node.size() : i;
                if (idx >= 0 && idx < node.size()) {
                    out.add(node.get(idx));
                }
            }
        }
    }

    private record Slice(Integer start, Integer end, Integer step) implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            int len = node.size();
            int from = start == null ? 0 : start < 0 ? start + len : start;
            int to = end == null ? len : end < 0 ? end + len : end;
            int by = step == null || step == 0 ? 1 : step;
            if (from < 0 || from > len || to < 0 || to > len || from >= to || by < 0) {
                return; // out of bounds: no result, as client-go's error turns into an empty cell
            }
            for (int i = from; i < to; i += by) {
                out.add(node.get(i));
            }
        }
    }

    private record Recursive(Step next) implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            List<JsonNode> all = new ArrayList<>();
            collect(node, all);
            for (JsonNode n : all) {
                next.apply(n, out);
            }
        }

        private static void collect(JsonNode node, List<JsonNode> all) {
            all.add(node);
            if (node.isContainer()) {
                node.forEach(child -> collect(child, all));
            }
        }
    }

    /** An operand of a filter: a path relative to the element, or a literal. */
    private record Operand(List<Step> path, JsonNode literal) {
        List<JsonNode> values(JsonNode element) {
            return path != null ? apply(path, List.of(element)) : List.of(literal);
        }
    }

    private record Filter(Operand left, String op, Operand right) implements Step {
        @Override
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            for (JsonNode element : node) {
                List<JsonNode> lefts = left.values(element);
                if (op == null) {
                    if (!lefts.isEmpty()) {
                        out.add(element);
                    }
                    continue;
                }
                List<JsonNode> rights = right.values(element);
                if (lefts.size() != 1 || rights.size() != 1) {
                    continue;
                }
                if (compare(lefts.get(0), op, rights.get(0))) {
                    out.add(element);
                }
            }
        }

        private static boolean compare(JsonNode a, String op, JsonNode b) {
            Integer cmp = null;
            boolean equal;
            if (a.isNumber() && b.isNumber()) {
                cmp = a.decimalValue().compareTo(b.decimalValue());
                equal = cmp == 0;
            } else if (a.isString() && b.isString()) {
                cmp = a.stringValue().compareTo(b.stringValue());
                equal = cmp == 0;
            } else if (a.isBoolean() && b.isBoolean()) {
                equal = a.booleanValue() == b.booleanValue();
            } else {
                return false; // incomparable types: client-go fails the whole path
            }
            return switch (op) {
                case "==" -> equal;
                case "!=" -> !equal;
                case "<" -> cmp != null && cmp < 0;
                case ">" -> cmp != null && cmp > 0;
                case "<=" -> cmp != null && cmp <= 0;
                case ">=" -> cmp != null && cmp >= 0;
                default -> false;
            };
        }
    }

    private static final class Parser {
        private final String original;
        private final String s;
        private int pos;

        Parser(String original, String s) {
            this.original = original;
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        TableException error(String problem) {
            return new TableException("invalid JSONPath \"" + original + "\": " + problem + " at position " + pos);
        }

        /** Steps until a character that cannot continue a path (the end, an operator, ')'). */
        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            while (!atEnd()) {
                char c = peek();
                if (c == '.') {
                    pos++;
                    if (peek() == '.') {
                        pos++;
                        Step next = peek() == '[' ? bracket() : dotted();
                        steps.add(new Recursive(next));
                    } else {
                        steps.add(dotted());
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else {
                    break; // end of the path; inside a filter an operator or ')' follows
                }
            }
            return steps;
        }

        private Step dotted() {
            if (peek() == '*') {
                pos++;
                return new Wildcard();
            }
            StringBuilder name = new StringBuilder();
            while (!atEnd()) {
                char c = peek();
                if (c == '\\' && pos + 1 < s.length()) {
                    name.append(s.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '.' || c == '[' || c == ']' || c == ',' || c == '$' || c == '@' || c == '{' || c == '}'
                        || c == ')' || c == '(' || Character.isWhitespace(c) || "=!<>".indexOf(c) >= 0) {
                    break;
                }
                name.append(c);
                pos++;
            }
            if (name.isEmpty()) {
                throw error("missing field name");
            }
            return new Fields(List.of(name.toString()));
        }

        private Step bracket() {
            pos++; // '['
            skipSpaces();
            Step step;
            char c = peek();
            if (c == '*') {
                pos++;
                step = new Wildcard();
            } else if (c == '?') {
                pos++;
                step = filter();
            } else if (c == '\'' || c == '"') {
                List<String> names = new ArrayList<>();
                names.add(quoted());
                skipSpaces();
                while (peek() == ',') {
                    pos++;
                    skipSpaces();
                    names.add(quoted());
                    skipSpaces();
                }
                step = new Fields(List.copyOf(names));
            } else {
                step = indexOrSlice();
            }
            skipSpaces();
            if (peek() != ']') {
                throw error("expected ']'");
            }
            pos++;
            return step;
        }

        private Step indexOrSlice() {
            Integer first = integer();
            skipSpaces();
            if (peek() == ':') {
                pos++;
                skipSpaces();
                Integer end = integer();
                Integer step = null;
                skipSpaces();
                if (peek() == ':') {
                    pos++;
                    skipSpaces();
                    step = integer();
                }
                return new Slice(first, end, step);
            }
            if (first == null) {
                throw error("expected an index, a slice, '*', a quoted name or a filter");
            }
            List<Integer> indices = new ArrayList<>();
            indices.add(first);
            while (peek() == ',') {
                pos++;
                skipSpaces();
                Integer next = integer();
                if (next == null) {
                    throw error("expected an index");
                }
                indices.add(next);
                skipSpaces();
            }
            return new Indices(List.copyOf(indices));
        }

        private Integer integer() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (!atEnd() && Character.isDigit(peek())) {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (digits.isEmpty() || "-".equals(digits)) {
                pos = start;
                return null;
            }
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw error("index out of range: " + digits);
            }
        }

        private String quoted() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted name");
            }
            pos++;
            StringBuilder out = new StringBuilder();
            while (!atEnd() && peek() != quote) {
                if (peek() == '\\' && pos + 1 < s.length()) {
                    pos++;
                }
                out.append(peek());
                pos++;
            }
            if (atEnd()) {
                throw error("unterminated quoted string");
            }
            pos++;
            return out.toString();
        }

        private Filter filter() {
            if (peek() != '(') {
                throw error("expected '(' after '?'");
            }
            pos++;
            skipSpaces();
            Operand left = operand();
            skipSpaces();
            String op = null;
            Operand right = null;
            if (peek() != ')') {
                op = operator();
                skipSpaces();
                right = operand();
                skipSpaces();
            }
            if (peek() != ')') {
                throw error("expected ')' closing the filter");
            }
            pos++;
            return new Filter(left, op, right);
        }

        private String operator() {
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (s.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw error("expected a comparison operator");
        }

        private Operand operand() {
            char c = peek();
            var f = tools.jackson.databind.node.JsonNodeFactory.instance;
            if (c == '@') {
                pos++;
                return new Operand(List.copyOf(steps()), null);
            }
            if (c == '\'' || c == '"') {
                return new Operand(null, f.stringNode(quoted()));
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return new Operand(null, f.booleanNode(true));
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return new Operand(null, f.booleanNode(false));
            }
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            while (!atEnd() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E')) {
                pos++;
            }
            String number = s.substring(start, pos);
            try {
                return new Operand(null, f.numberNode(new BigDecimal(number)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected '@', a quoted string, a number, true or false");
            }
        }

        private void skipSpaces() {
            while (!atEnd() && peek() == ' ') {
                pos++;
            }
        }
    }
}
