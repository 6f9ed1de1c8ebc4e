package dev.jube.api.selector;

import dev.jube.api.selector.LabelSelector.Operator;
import dev.jube.api.selector.LabelSelector.Requirement;
import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The label selector string grammar, with upstream's tokens and error messages. */
final class LabelSelectorParser {

    private enum Tok {
        END, CLOSE_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER, IDENTIFIER, IN, LESS, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Tok tok, String text) {
    }

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Item> items;
    private int position;

    LabelSelectorParser(String selector) {
        this.items = lex(selector);
    }

    List<Requirement> parse() {
        List<Requirement> reqs = new ArrayList<>();
        while (true) {
            Item next = lookahead();
            switch (next.tok) {
                case IDENTIFIER, NOT -> {
                    try {
                        reqs.add(parseRequirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage(), e.errors());
                    }
                    Item after = consume();
                    switch (after.tok) {
                        case END -> {
                            return reqs;
                        }
                        case COMMA -> {
                            Item t = lookahead();
                            if (t.tok != Tok.IDENTIFIER && t.tok != Tok.NOT) {
                                throw new SelectorException("found '" + t.text + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new SelectorException(
                                "found '" + after.text + "', expected: ',' or 'end of string'");
                    }
                }
                case END -> {
                    return reqs;
                }
                default -> throw new SelectorException(
                        "found '" + next.text + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() {
        Operator op = null;
        Item t = consume();
        if (t.tok == Tok.NOT) {
            op = Operator.DOES_NOT_EXIST;
            t = consume();
        }
        if (t.tok != Tok.IDENTIFIER) {
            throw new SelectorException("found '" + t.text + "', expected: identifier");
        }
        String key = t.text;
        List<String> keyErrs = Names.qualifiedName(key);
        if (!keyErrs.isEmpty()) {
            // Upstream reports this with an unset field path, printed as "<nil>".
            FieldError err = FieldError.invalid("<nil>", key, String.join("; ", keyErrs));
            throw new SelectorException(err.message(), List.of(err));
        }
        Tok la = lookahead().tok;
        if (la == Tok.END || la == Tok.COMMA) {
            if (op == null) {
                op = Operator.EXISTS;
            }
        }
        if (op != null) {
            return Requirement.of(key, op, List.of());
        }
        Item opItem = consumeRaw();
        op = switch (opItem.tok) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GREATER -> Operator.GREATER_THAN;
            case LESS -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new SelectorException("found '" + opItem.text + "', expected: " + BINARY_OPERATORS);
        };
        List<String> values = op == Operator.IN || op == Operator.NOT_IN ? parseValues() : parseExactValue();
        return Requirement.of(key, op, values);
    }

    private List<String> parseValues() {
        Item t = consume();
        if (t.tok != Tok.OPEN_PAR) {
            throw new SelectorException("found '" + t.text + "' expected: '('");
        }
        Item la = lookahead();
        switch (la.tok) {
            case IDENTIFIER, COMMA -> {
                TreeSet<String> values = parseIdentifiersList();
                if (consume().tok != Tok.CLOSE_PAR) {
                    throw new SelectorException("found '" + la.text + "', expected: ')'");
                }
                return List.copyOf(values);
            }
            case CLOSE_PAR -> {
                consume();
                return List.of("");
            }
            default -> throw new SelectorException("found '" + la.text + "', expected: ',', ')' or identifier");
        }
    }

    private TreeSet<String> parseIdentifiersList() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item t = consume();
            switch (t.tok) {
                case IDENTIFIER -> {
                    values.add(t.text);
                    Item la = lookahead();
                    switch (la.tok) {
                        case COMMA -> {
                        }
                        case CLOSE_PAR -> {
                            return values;
                        }
                        default -> throw new SelectorException("found '" + la.text + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    // Empty entries, as in "(,a)", "(a,)" or "(a,,b)", stand for the empty value.
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Tok la = lookahead().tok;
                    if (la == Tok.CLOSE_PAR) {
                        values.add("");
                        return values;
                    }
                    if (la == Tok.COMMA) {
                        consume();
                        values.add("");
                    }
                }
                default -> throw new SelectorException("found '" + t.text + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Tok la = lookahead().tok;
        if (la == Tok.END || la == Tok.COMMA) {
            return List.of("");
        }
        Item t = consume();
        if (t.tok == Tok.IDENTIFIER) {
            return List.of(t.text);
        }
        throw new SelectorException("found '" + t.text + "', expected: identifier");
    }

    /** The next token, with the keywords "in" and "notin" read as plain identifiers. */
    private Item lookahead() {
        return asValue(items.get(position));
    }

    private Item consume() {
        return asValue(consumeRaw());
    }

    private Item consumeRaw() {
        Item item = items.get(position);
        if (position < items.size() - 1) {
            position++;
        }
        return item;
    }

    private static Item asValue(Item item) {
        return item.tok == Tok.IN || item.tok == Tok.NOT_IN ? new Item(Tok.IDENTIFIER, item.text) : item;
    }

    private static List<Item> lex(String s) {
        List<Item> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                out.add(new Item(Tok.END, ""));
                return out;
            }
            char c = s.charAt(i);
            if (isSpecial(c)) {
                // Longest run of special characters that is still a token.
                Tok best = null;
                int bestEnd = i;
                int j = i;
                while (j < n && isSpecial(s.charAt(j))) {
                    Tok t = special(s.substring(i, j + 1));
                    if (t != null) {
                        best = t;
                        bestEnd = j + 1;
                    } else if (best != null) {
                        break;
                    }
                    j++;
                }
                out.add(new Item(best, s.substring(i, bestEnd)));
                i = bestEnd;
            } else {
                int start = i;
                while (i < n && !isWhitespace(s.charAt(i)) && !isSpecial(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(start, i);
                Tok t = switch (word) {
                    case "in" -> Tok.IN;
                    case "notin" -> Tok.NOT_IN;
                    default -> Tok.IDENTIFIER;
                };
                out.add(new Item(t, word));
            }
        }
    }

    private static Tok special(String s) {
        return switch (s) {
            case ")" -> Tok.CLOSE_PAR;
            case "," -> Tok.COMMA;
            case "!" -> Tok.NOT;
            case "==" -> Tok.DOUBLE_EQUALS;
            case "=" -> Tok.EQUALS;
            case ">" -> Tok.GREATER;
            case "<" -> Tok.LESS;
            case "!=" -> Tok.NOT_EQUALS;
            case "(" -> Tok.OPEN_PAR;
            default -> null;
        };
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
