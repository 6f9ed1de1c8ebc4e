package dev.jube.api.table;

import dev.jube.api.Quantity;
import dev.jube.api.QuantityFormatException;
import dev.jube.api.selector.LabelSelector;
import dev.jube.api.selector.SelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Cell text helpers shared by several kinds, each matching an upstream helper's output. */
final class Formats {

    static final String NONE = "<none>";
    static final String UNSET = "<unset>";
    static final String UNKNOWN = "<unknown>";

    private Formats() {
    }

    /** A label map as "a=1,b=2", keys sorted; "&lt;none&gt;" when empty (labels.FormatLabels). */
    static String labels(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return NONE;
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            sorted.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().asString());
        }
        StringBuilder s = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(k).append('=').append(v);
        });
        return s.toString();
    }

    /**
     * A metav1.LabelSelector object as selector text; "&lt;none&gt;" when it selects everything or
     * is absent, "&lt;error&gt;" when invalid (metav1.FormatLabelSelector).
     */
    static String labelSelector(JsonNode selector) {
        try {
            String text = LabelSelector.fromJson(selector).toString();
            return text.isEmpty() ? NONE : text;
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    /** Selector text as printed for deployments: "" when empty, "&lt;invalid&gt;" when invalid. */
    static String selectorOrInvalid(JsonNode selector) {
        try {
            return LabelSelector.fromJson(selector).toString();
        } catch (SelectorException e) {
            return "<invalid>";
        }
    }

    /** Container names joined with "," (layoutContainerCells). */
    static String containerNames(JsonNode containers) {
        return join(containers, "name");
    }

    /** Container images joined with ",". */
    static String containerImages(JsonNode containers) {
        return join(containers, "image");
    }

    private static String join(JsonNode containers, String field) {
        List<String> parts = new ArrayList<>();
        if (containers != null && containers.isArray()) {
            containers.forEach(c -> parts.add(Fields.str(c, field)));
        }
        return String.join(",", parts);
    }

    /** Access modes as "RWO,ROX,RWX,RWOP" in that fixed order, duplicates dropped. */
    static String accessModes(JsonNode modes) {
        List<String> have = new ArrayList<>();
        if (modes != null && modes.isArray()) {
            modes.forEach(m -> have.add(m.asString()));
        }
        List<String> out = new ArrayList<>();
        if (have.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (have.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (have.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (have.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    /** A quantity's canonical text; an absent quantity is the zero quantity "0". */
    static String quantity(JsonNode q) {
        if (q == null || q.isMissingNode() || q.isNull()) {
            return "0";
        }
        String raw = q.isString() ? q.stringValue() : q.asString();
        try {
            return Quantity.parse(raw).toString();
        } catch (QuantityFormatException e) {
            return raw;
        }
    }

    /** A *resource.Quantity's String(): "&lt;nil&gt;" when the pointer is unset. */
    static String quantityPointer(JsonNode q) {
        if (q == null || q.isMissingNode() || q.isNull()) {
            return "<nil>";
        }
        return quantity(q);
    }

    /** An IntOrString as text: the number or the string (e.g. "1" or "25%"). */
    static String intOrString(JsonNode v) {
        if (v.isString()) {
            return v.stringValue();
        }
        return v.isIntegralNumber() ? Long.toString(v.asLong()) : v.asString();
    }

    /** "a,b,c + 2 more..." when more items exist than shown; "&lt;unset&gt;" when there are none. */
    static String withMore(List<String> shown, boolean more, int count, int max) {
        String joined = String.join(",", shown);
        if (more) {
            return joined + " + " + (count - max) + " more...";
        }
        return joined.isEmpty() ? UNSET : joined;
    }

    /** Go's printBool: "True" / "False". */
    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** net.JoinHostPort: brackets around IPv6 hosts. */
    static String hostPort(String host, long port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static String orDefault(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s;
    }
}
