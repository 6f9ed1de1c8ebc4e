package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths, stored as upstream's fieldpath.Set: at each level, the members (paths
 * that end here) and the children (sets below an element). Its text form is fieldsV1, the
 * value of {@code metadata.managedFields[].fieldsV1}: a member is {@code "f:x":{}}, a child is
 * {@code "f:x":{...}}, and an element that is both is marked with {@code ".":{}} inside its
 * child set.
 *
 * <p>Sets are immutable: operations return new sets.
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(new TreeSet<>(), new TreeMap<>());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NavigableSet<PathElement> members;
    private final NavigableMap<PathElement, FieldSet> children;

    private FieldSet(NavigableSet<PathElement> members, NavigableMap<PathElement, FieldSet> children) {
        this.members = members;
        this.children = children;
    }

    public static FieldSet empty() {
        return EMPTY;
    }

    public static FieldSet of(FieldPath... paths) {
        Builder b = new Builder();
        for (FieldPath p : paths) {
            b.insert(p);
        }
        return b.build();
    }

    public static FieldSet of(Iterable<FieldPath> paths) {
        Builder b = new Builder();
        paths.forEach(b::insert);
        return b.build();
    }

    /** Collects paths into a set. */
    public static final class Builder {
        private final TreeSet<PathElement> members = new TreeSet<>();
        private final TreeMap<PathElement, Builder> children = new TreeMap<>();

        public Builder insert(FieldPath path) {
            if (path.isRoot()) {
                return this;
            }
            Builder node = this;
            List<PathElement> es = path.elements();
            for (int i = 0; i < es.size() - 1; i++) {
                node = node.children.computeIfAbsent(es.get(i), k -> new Builder());
            }
            node.members.add(es.getLast());
            return this;
        }

        public Builder addAll(FieldSet set) {
            members.addAll(set.members);
            set.children.forEach((pe, child) -> children.computeIfAbsent(pe, k -> new Builder()).addAll(child));
            return this;
        }

        public FieldSet build() {
            TreeMap<PathElement, FieldSet> built = new TreeMap<>();
            children.forEach((pe, child) -> {
                FieldSet s = child.build();
                if (!s.isEmpty()) {
                    built.put(pe, s);
                }
            });
            if (members.isEmpty() && built.isEmpty()) {
                return EMPTY;
            }
            return new FieldSet(new TreeSet<>(members), built);
        }
    }

    public boolean isEmpty() {
        return members.isEmpty() && children.isEmpty();
    }

    /** Whether the path is in the set (as a member, not merely a prefix of one). */
    public boolean has(FieldPath path) {
        if (path.isRoot()) {
            return false;
        }
        FieldSet node = this;
        List<PathElement> es = path.elements();
        for (int i = 0; i < es.size() - 1; i++) {
            node = node.children.get(es.get(i));
            if (node == null) {
                return false;
            }
        }
        return node.members.contains(es.getLast());
    }

    boolean hasMember(PathElement pe) {
        return members.contains(pe);
    }

    /** The set below one element (paths relative to it), empty when there is none. */
    public FieldSet child(PathElement pe) {
        FieldSet c = children.get(pe);
        return c == null ? EMPTY : c;
    }

    NavigableSet<PathElement> members() {
        return Collections.unmodifiableNavigableSet(members);
    }

    NavigableMap<PathElement, FieldSet> children() {
        return Collections.unmodifiableNavigableMap(children);
    }

    /** Every path, in upstream's iteration order: members of a level before its children. */
    public List<FieldPath> paths() {
        List<FieldPath> out = new ArrayList<>();
        collect(FieldPath.ROOT, out);
        return out;
    }

    private void collect(FieldPath prefix, List<FieldPath> out) {
        for (PathElement pe : members) {
            out.add(prefix.append(pe));
        }
        children.forEach((pe, child) -> child.collect(prefix.append(pe), out));
    }

    public int size() {
        int n = members.size();
        for (FieldSet c : children.values()) {
            n += c.size();
        }
        return n;
    }

    public FieldSet union(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new Builder().addAll(this).addAll(other).build();
    }

    /** Paths of this set not in {@code other}; children of other's members stay. */
    public FieldSet difference(FieldSet other) {
        return minus(other, false);
    }

    /** Paths of this set that are neither in {@code other} nor below one of its members. */
    public FieldSet recursiveDifference(FieldSet other) {
        return minus(other, true);
    }

    private FieldSet minus(FieldSet other, boolean belowMembersToo) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.removeAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, child) -> {
            if (belowMembersToo && other.members.contains(pe)) {
                return;
            }
            FieldSet o = other.children.get(pe);
            FieldSet d = o == null ? child : child.minus(o, belowMembersToo);
            if (!d.isEmpty()) {
                c.put(pe, d);
            }
        });
        return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
    }

    public FieldSet intersection(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return EMPTY;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        m.retainAll(other.members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, child) -> {
            FieldSet o = other.children.get(pe);
            if (o != null) {
                FieldSet i = child.intersection(o);
                if (!i.isEmpty()) {
                    c.put(pe, i);
                }
            }
        });
        return m.isEmpty() && c.isEmpty() ? EMPTY : new FieldSet(m, c);
    }

    /**
     * This set plus, as members, the object fields that have children here and are declared
     * fields of their parent (not entries of a map): upstream counts owning {@code a.b.c} as
     * owning the field {@code a} itself when deciding what an applier may remove.
     */
    FieldSet withNamedFieldsAsMembers(Schema schema) {
        return namedFields(schema, List.of());
    }

    private FieldSet namedFields(Schema schema, List<String> schemaPath) {
        if (children.isEmpty()) {
            return this;
        }
        TreeSet<PathElement> m = new TreeSet<>(members);
        TreeMap<PathElement, FieldSet> c = new TreeMap<>();
        children.forEach((pe, child) -> {
            List<String> childPath = schemaPath;
            if (pe instanceof PathElement.Field f) {
                childPath = Schemas.append(schemaPath, f.name());
                if (schema.typeAt(childPath).named()) {
                    m.add(pe);
                }
            }
            c.put(pe, child.namedFields(schema, childPath));
        });
        return new FieldSet(m, c);
    }

    // ---------------------------------------------------------------- fieldsV1

    /** The fieldsV1 text exactly as the API server writes it (compact, sorted). */
    public String toFieldsV1() {
        StringBuilder b = new StringBuilder();
        b.append('{');
        writeContents(b, false);
        return b.append('}').toString();
    }

    /** The fieldsV1 value as a JSON object, to put into an object's managedFields. */
    public ObjectNode toFieldsV1Node() {
        ObjectNode root = JSON.createObjectNode();
        fill(root, false);
        return root;
    }

    /** The same walk as {@link #writeContents}, building nodes instead of text. */
    private void fill(ObjectNode o, boolean self) {
        if (self && !isEmpty()) {
            o.putObject(".");
        }
        Iterator<PathElement> mi = members.iterator();
        Iterator<Map.Entry<PathElement, FieldSet>> ci = children.entrySet().iterator();
        PathElement m = mi.hasNext() ? mi.next() : null;
        Map.Entry<PathElement, FieldSet> c = ci.hasNext() ? ci.next() : null;
        while (m != null || c != null) {
            int cmp = m == null ? 1 : c == null ? -1 : m.compareTo(c.getKey());
            if (cmp < 0) {
                o.putObject(m.fieldsV1Key());
                m = mi.hasNext() ? mi.next() : null;
            } else {
                c.getValue().fill(o.putObject(c.getKey().fieldsV1Key()), cmp == 0);
                if (cmp == 0) {
                    m = mi.hasNext() ? mi.next() : null;
                }
                c = ci.hasNext() ? ci.next() : null;
            }
        }
    }

    private void writeContents(StringBuilder b, boolean self) {
        boolean first = true;
        if (self && !isEmpty()) {
            b.append("\".\":{}");
            first = false;
        }
        Iterator<PathElement> mi = members.iterator();
        Iterator<Map.Entry<PathElement, FieldSet>> ci = children.entrySet().iterator();
        PathElement m = mi.hasNext() ? mi.next() : null;
        Map.Entry<PathElement, FieldSet> c = ci.hasNext() ? ci.next() : null;
        while (m != null || c != null) {
            if (!first) {
                b.append(',');
            }
            first = false;
            int cmp = m == null ? 1 : c == null ? -1 : m.compareTo(c.getKey());
            if (cmp < 0) {
                GoJson.writeString(b, m.fieldsV1Key());
                b.append(":{}");
                m = mi.hasNext() ? mi.next() : null;
            } else {
                GoJson.writeString(b, c.getKey().fieldsV1Key());
                b.append(":{");
                c.getValue().writeContents(b, cmp == 0);
                b.append('}');
                if (cmp == 0) {
                    m = mi.hasNext() ? mi.next() : null;
                }
                c = ci.hasNext() ? ci.next() : null;
            }
        }
    }

    /**
     * Parses fieldsV1 text.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static FieldSet parseFieldsV1(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("fieldsV1 is not valid JSON: " + e.getOriginalMessage());
        }
        return parseFieldsV1(node);
    }

    /**
     * Parses a fieldsV1 JSON object.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static FieldSet parseFieldsV1(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be a JSON object, not "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        Builder b = new Builder();
        parseInto(node, FieldPath.ROOT, b);
        return b.build();
    }

    private static void parseInto(JsonNode node, FieldPath prefix, Builder b) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (!value.isObject()) {
                throw new IllegalArgumentException("fieldsV1 at " + display(prefix) + ": the value of \""
                        + name + "\" must be an object");
            }
            if (name.equals(".")) {
                if (prefix.isRoot()) {
                    throw new IllegalArgumentException("fieldsV1: \".\" is not allowed at the top level");
                }
                b.insert(prefix);
                continue;
            }
            FieldPath path = prefix.append(parseElement(name, prefix));
            if (value.isEmpty()) {
                b.insert(path);
            } else {
                parseInto(value, path, b);
            }
        }
    }

    private static PathElement parseElement(String name, FieldPath prefix) {
        if (name.length() < 2 || name.charAt(1) != ':') {
            throw new IllegalArgumentException("fieldsV1 at " + display(prefix) + ": \"" + name
                    + "\" does not start with f:, k:, v: or i:");
        }
        String rest = name.substring(2);
        try {
            return switch (name.charAt(0)) {
                case 'f' -> PathElement.field(rest);
                case 'k' -> {
                    JsonNode key = JSON.readTree(rest);
                    if (!key.isObject() || key.isEmpty()) {
                        throw new IllegalArgumentException("fieldsV1 at " + display(prefix) + ": key \"" + name
                                + "\" must be a non-empty JSON object");
                    }
                    Map<String, JsonNode> fields = new TreeMap<>();
                    key.properties().forEach(p -> fields.put(p.getKey(), p.getValue()));
                    yield PathElement.key(fields);
                }
                case 'v' -> PathElement.value(JSON.readTree(rest));
                case 'i' -> PathElement.index(Integer.parseInt(rest));
                default -> throw new IllegalArgumentException("fieldsV1 at " + display(prefix) + ": \"" + name
                        + "\" does not start with f:, k:, v: or i:");
            };
        } catch (JacksonException | NumberFormatException ex) {
            throw new IllegalArgumentException("fieldsV1 at " + display(prefix) + ": cannot parse \"" + name + "\"");
        }
    }

    private static String display(FieldPath p) {
        return p.isRoot() ? "the top level" : p.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet s && members.equals(s.members) && children.equals(s.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(members, children);
    }

    @Override
    public String toString() {
        return toFieldsV1();
    }
}
