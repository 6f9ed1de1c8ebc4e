package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One step of a field path, as upstream's fieldpath names them: a field of an object
 * ({@code f:name}), an item of a list keyed by some of its fields ({@code k:{"name":"nginx"}}),
 * an item of a set by its value ({@code v:"a"}), or an item by position ({@code i:0}).
 *
 * <p>Elements are totally ordered as upstream sorts them in fieldsV1: fields, then keys, then
 * values, then indexes.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    /** The fieldsV1 member name, e.g. {@code f:spec} or {@code k:{"containerPort":80,"protocol":"TCP"}}. */
    String fieldsV1Key();

    static PathElement field(String name) {
        return new Field(name);
    }

    /** A map-list item; the key fields are kept sorted by name, as upstream does. */
    static PathElement key(Map<String, JsonNode> fields) {
        return new Key(fields);
    }

    static PathElement value(JsonNode value) {
        return new Value(value);
    }

    static PathElement index(int index) {
        return new Index(index);
    }

    /** A field of an object. */
    record Field(String name) implements PathElement {
        public Field {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String fieldsV1Key() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** An item of an associative list, identified by its key fields. */
    record Key(Map<String, JsonNode> fields) implements PathElement {
        public Key {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("a key path element needs at least one key field");
            }
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            fields.forEach((k, v) -> sorted.put(k, GoJson.canonical(v)));
            fields = Collections.unmodifiableMap(sorted);
        }

        @Override
        public String fieldsV1Key() {
            StringBuilder b = new StringBuilder("k:{");
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                GoJson.writeString(b, e.getKey());
                b.append(':');
                GoJson.write(b, e.getValue());
            }
            return b.append('}').toString();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            fields.forEach((k, v) -> parts.add(k + "=" + GoJson.toJson(v)));
            return "[" + String.join(",", parts) + "]";
        }
    }

    /** An item of a set, identified by its whole value. */
    record Value(JsonNode value) implements PathElement {
        public Value {
            value = GoJson.canonical(Objects.requireNonNull(value, "value"));
        }

        @Override
        public String fieldsV1Key() {
            return "v:" + GoJson.toJson(value);
        }

        @Override
        public String toString() {
            return "[=" + GoJson.toJson(value) + "]";
        }
    }

    /** An item by position (lists without keys that are not atomic). */
    record Index(int index) implements PathElement {
        @Override
        public String fieldsV1Key() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    @Override
    default int compareTo(PathElement o) {
        int rank = Integer.compare(rank(this), rank(o));
        if (rank != 0) {
            return rank;
        }
        return switch (this) {
            case Field f -> f.name().compareTo(((Field) o).name());
            case Key k -> compareKeys(k.fields(), ((Key) o).fields());
            case Value v -> JsonOrder.compare(v.value(), ((Value) o).value());
            case Index i -> Integer.compare(i.index(), ((Index) o).index());
        };
    }

    private static int rank(PathElement e) {
        return switch (e) {
            case Field f -> 0;
            case Key k -> 1;
            case Value v -> 2;
            case Index i -> 3;
        };
    }

    private static int compareKeys(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (true) {
            if (!ia.hasNext() || !ib.hasNext()) {
                return Boolean.compare(ia.hasNext(), ib.hasNext());
            }
            var ea = ia.next();
            var eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = JsonOrder.compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
    }
}
