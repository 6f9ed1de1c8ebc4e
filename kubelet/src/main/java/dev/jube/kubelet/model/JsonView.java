package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A typed view of one JSON object of the API: a Kubernetes object or a part of one. The getters
 * read the tree the object came in (so fields the agent has no getter for survive a round trip),
 * the setters write it. Getters follow the API's conventions for absent fields: null for scalars
 * and objects, empty for lists and maps.
 */
public abstract class JsonView {

    private final Map<String, Object> json;

    protected JsonView() {
        this(new LinkedHashMap<>());
    }

    protected JsonView(Map<String, Object> json) {
        this.json = json;
    }

    /** The tree this view reads and writes. */
    public final Map<String, Object> json() {
        return json;
    }

    protected final String str(String key) {
        Object v = json.get(key);
        return v == null ? null : v.toString();
    }

    protected final Integer integer(String key) {
        return json.get(key) instanceof Number n ? n.intValue() : null;
    }

    protected final Long lng(String key) {
        return json.get(key) instanceof Number n ? n.longValue() : null;
    }

    protected final Boolean bool(String key) {
        return json.get(key) instanceof Boolean b ? b : null;
    }

    protected final Quantity quantity(String key) {
        Object v = json.get(key);
        return v == null ? null : Quantity.parse(v.toString());
    }

    protected final IntOrString intOrString(String key) {
        Object v = json.get(key);
        return v == null ? null : new IntOrString(v);
    }

    protected final <T> T obj(String key, Function<Map<String, Object>, T> view) {
        return json.get(key) instanceof Map<?, ?> m ? view.apply(cast(m)) : null;
    }

    /** A live view: adding to it adds to the tree, when the list is there (set it first otherwise). */
    protected final <T extends JsonView> List<T> list(String key, Function<Map<String, Object>, T> view) {
        if (!(json.get(key) instanceof List<?> raw)) {
            return List.of();
        }
        List<Object> items = cast(raw);
        return new AbstractList<>() {
            @Override
            public T get(int i) {
                return view.apply(cast(items.get(i)));
            }

            @Override
            public int size() {
                return items.size();
            }

            @Override
            public T set(int i, T v) {
                return view.apply(cast(items.set(i, v.json())));
            }

            @Override
            public void add(int i, T v) {
                items.add(i, v.json());
            }

            @Override
            public T remove(int i) {
                return view.apply(cast(items.remove(i)));
            }
        };
    }

    protected final List<String> strings(String key) {
        if (!(json.get(key) instanceof List<?> raw)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(raw.size());
        raw.forEach(o -> out.add(o == null ? null : o.toString()));
        return Collections.unmodifiableList(out);
    }

    protected final List<Long> longs(String key) {
        if (!(json.get(key) instanceof List<?> raw)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>(raw.size());
        raw.forEach(o -> out.add(o instanceof Number n ? n.longValue() : null));
        return Collections.unmodifiableList(out);
    }

    protected final Map<String, String> strMap(String key) {
        if (!(json.get(key) instanceof Map<?, ?> raw)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k.toString(), v == null ? null : v.toString()));
        return Collections.unmodifiableMap(out);
    }

    protected final Map<String, Quantity> quantities(String key) {
        if (!(json.get(key) instanceof Map<?, ?> raw)) {
            return Map.of();
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k.toString(), Quantity.parse(v.toString())));
        return Collections.unmodifiableMap(out);
    }

    /** Sets a field; null removes it, views and collections of views are stored as their trees. */
    protected final void put(String key, Object value) {
        if (value == null) {
            json.remove(key);
        } else {
            json.put(key, Json.tree(value));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && json.equals(((JsonView) o).json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return Json.write(json);
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }
}
