package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A total order over JSON values as upstream sorts set items and key values: numbers, then
 * strings, booleans, lists, objects and null last.
 */
final class JsonOrder {

    private JsonOrder() {
    }

    static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> a.decimalValue().compareTo(b.decimalValue());
            case 1 -> a.stringValue().compareTo(b.stringValue());
            case 2 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3 -> compareLists(a, b);
            case 4 -> compareObjects(a, b);
            default -> 0;
        };
    }

    private static int rank(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 5;
        }
        if (n.isNumber()) {
            return 0;
        }
        if (n.isString()) {
            return 1;
        }
        if (n.isBoolean()) {
            return 2;
        }
        return n.isArray() ? 3 : 4;
    }

    private static int compareLists(JsonNode a, JsonNode b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareObjects(JsonNode a, JsonNode b) {
        List<String> ka = new ArrayList<>(a.propertyNames());
        List<String> kb = new ArrayList<>(b.propertyNames());
        ka.sort(null);
        kb.sort(null);
        for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
            int c = ka.get(i).compareTo(kb.get(i));
            if (c == 0) {
                c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }
}
