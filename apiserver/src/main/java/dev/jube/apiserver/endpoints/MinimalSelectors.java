package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stand-in for the api library's selectors, to be replaced: only comma-separated {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k} and {@code !k} terms (no set-based {@code in}/{@code notin}).
 * Field selectors read any dotted path of the object.
 */
final class MinimalSelectors implements SelectorSupport {

    @Override
    public Predicate<ObjectNode> labelSelector(String expression) {
        List<Predicate<ObjectNode>> terms = new ArrayList<>();
        for (String term : split(expression)) {
            terms.add(term(term, (obj, key) -> {
                JsonNode v = obj.path("metadata").path("labels").get(key);
                return v == null || v.isNull() ? null : v.asString();
            }, true));
        }
        return all(terms);
    }

    @Override
    public Predicate<ObjectNode> fieldSelector(ResourceDescriptor descriptor, String expression) {
        List<Predicate<ObjectNode>> terms = new ArrayList<>();
        for (String term : split(expression)) {
            terms.add(term(term, (obj, path) -> {
                JsonNode n = obj;
                for (String p : path.split("\\.")) {
                    n = n == null ? null : n.get(p);
                }
                return n == null || n.isNull() || n.isContainer() ? "" : n.asString();
            }, false));
        }
        return all(terms);
    }

    private interface Lookup {
        String get(ObjectNode obj, String key);
    }

    private static List<String> split(String expression) {
        List<String> out = new ArrayList<>();
        if (expression == null || expression.isBlank()) {
            return out;
        }
        for (String t : expression.split(",")) {
            String s = t.strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("invalid selector: empty term in \"" + expression + "\"");
            }
            out.add(s);
        }
        return out;
    }

    private static Predicate<ObjectNode> term(String term, Lookup lookup, boolean existenceAllowed) {
        if (term.contains(" in ") || term.contains(" notin ") || term.contains("(")) {
            throw new IllegalArgumentException("unsupported selector \"" + term + "\": set-based terms are not supported yet");
        }
        int ne = term.indexOf("!=");
        int eq = term.indexOf('=');
        if (ne > 0) {
            String key = term.substring(0, ne).strip();
            String value = term.substring(ne + 2).strip();
            return obj -> !value.equals(lookup.get(obj, key));
        }
        if (eq > 0) {
            String key = term.substring(0, eq).strip();
            String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).strip();
            return obj -> value.equals(lookup.get(obj, key));
        }
        if (existenceAllowed && term.startsWith("!") && term.length() > 1) {
            String key = term.substring(1).strip();
            return obj -> lookup.get(obj, key) == null;
        }
        if (existenceAllowed && eq < 0) {
            return obj -> lookup.get(obj, term) != null;
        }
        throw new IllegalArgumentException("invalid selector: \"" + term + "\"");
    }

    private static Predicate<ObjectNode> all(List<Predicate<ObjectNode>> terms) {
        return obj -> {
            for (Predicate<ObjectNode> t : terms) {
                if (!t.test(obj)) {
                    return false;
                }
            }
            return true;
        };
    }
}
