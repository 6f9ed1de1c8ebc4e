package dev.jube.apiserver.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one JSON object in insertion order, kept as keys and values side by side in one
 * array while the object is small, which most Kubernetes objects' nested objects are: a
 * LinkedHashMap costs about 200 bytes for one field and this about 60, and the watch cache holds
 * every object's tree. Past {@link #MAX_INLINE} fields it moves them to a LinkedHashMap so
 * lookups stay constant-time for large maps such as a ConfigMap's data.
 */
final class CompactObjectMap extends AbstractMap<String, JsonNode> {

    static final int MAX_INLINE = 16;
    private static final Object[] EMPTY = new Object[0];

    /** Keys at even indexes, their values after them. */
    private Object[] slots = EMPTY;
    private int size;
    private LinkedHashMap<String, JsonNode> large;
    private int modCount;

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    private int indexOf(Object key) {
        Object[] s = slots;
        int end = size * 2;
        for (int i = 0; i < end; i += 2) {
            if (s[i] == key) {
                return i;
            }
        }
        if (key instanceof String) {
            for (int i = 0; i < end; i += 2) {
                if (key.equals(s[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : (JsonNode) slots[i + 1];
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            JsonNode old = (JsonNode) slots[i + 1];
            slots[i + 1] = value;
            return old;
        }
        if (size == MAX_INLINE) {
            large = new LinkedHashMap<>(MAX_INLINE * 4);
            for (int j = 0; j < size * 2; j += 2) {
                large.put((String) slots[j], (JsonNode) slots[j + 1]);
            }
            slots = EMPTY;
            size = 0;
            modCount++;
            return large.put(key, value);
        }
        if (size * 2 == slots.length) {
            Object[] grown = new Object[Math.max(4, slots.length + (slots.length >> 1) + 2) & ~1];
            System.arraycopy(slots, 0, grown, 0, size * 2);
            slots = grown;
        }
        slots[size * 2] = key;
        slots[size * 2 + 1] = value;
        size++;
        modCount++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        JsonNode old = (JsonNode) slots[i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int end = size * 2;
        System.arraycopy(slots, i + 2, slots, i, end - i - 2);
        slots[end - 2] = null;
        slots[end - 1] = null;
        size--;
        modCount++;
    }

    @Override
    public void clear() {
        large = null;
        slots = EMPTY;
        size = 0;
        modCount++;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        if (large != null) {
            return large.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public int size() {
                return CompactObjectMap.this.size();
            }

            @Override
            public Iterator<Entry<String, JsonNode>> iterator() {
                return large != null ? large.entrySet().iterator() : new Entries();
            }
        };
    }

    /** Entries in order; {@code setValue} and {@code remove} write through to the map. */
    private final class Entries implements Iterator<Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            return next < size * 2;
        }

        @Override
        public Entry<String, JsonNode> next() {
            if (expected != modCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= size * 2) {
                throw new NoSuchElementException();
            }
            last = next;
            next += 2;
            int at = last;
            return new SimpleEntry<>((String) slots[at], (JsonNode) slots[at + 1]) {
                @Override
                public JsonNode setValue(JsonNode value) {
                    if (expected != modCount) {
                        throw new ConcurrentModificationException();
                    }
                    super.setValue(value);
                    JsonNode old = (JsonNode) slots[at + 1];
                    slots[at + 1] = value;
                    return old;
                }
            };
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expected != modCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
        }
    }
}
