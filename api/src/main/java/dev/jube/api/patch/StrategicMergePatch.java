package dev.jube.api.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}), with the semantics
 * of apimachinery's {@code strategicpatch} as the API server applies it: objects merge
 * recursively, null deletes a member, lists follow the field's {@link PatchStrategy} from a
 * {@link PatchSchema} (merge by key, merge as a set of scalars, or replace whole), and the
 * directives {@code $patch} (replace, delete; merge on objects), {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>} are honoured.
 *
 * <p>Without {@code $setElementOrder}, merged lists keep the patch's items in patch order and
 * the other items in their original order, with new items placed before the original items
 * they do not follow in the original, as upstream does. Values the patch adds are cleaned of
 * nulls and directives. Inputs are never modified.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private StrategicMergePatch() {
    }

    /**
     * Applies a strategic merge patch.
     *
     * @param original the current object (null or JSON null counts as empty)
     * @param patch    the patch, a JSON object
     * @param schema   the strategies of the object's fields
     * @return a new object
     * @throws PatchException when the patch is malformed for the schema
     */
    public static JsonNode apply(JsonNode original, JsonNode patch, PatchSchema schema) {
        if (patch == null || !patch.isObject()) {
            throw new PatchException("a strategic merge patch must be a JSON object, not " + describe(patch));
        }
        ObjectNode base = null;
        if (original != null && !original.isNull() && !original.isMissingNode()) {
            if (!original.isObject()) {
                throw new PatchException("only a JSON object can be patched, not " + describe(original));
            }
            base = (ObjectNode) original.deepCopy();
        }
        return mergeMap(base, (ObjectNode) patch.deepCopy(), List.of(), schema);
    }

    /**
     * Creates the strategic merge patch that turns {@code original} into {@code modified}, as
     * kubectl's two-way diff does: changed members, nulls for removed ones, merge-keyed lists
     * as changed items plus {@code $patch: delete} items and a {@code $setElementOrder} list,
     * scalar sets as additions plus {@code $deleteFromPrimitiveList}, {@code $retainKeys} for
     * retainKeys fields, and other lists whole.
     *
     * @throws PatchException when either side is not an object or a merge-keyed item lacks its key
     */
    public static ObjectNode diff(JsonNode original, JsonNode modified, PatchSchema schema) {
        if (original == null || !original.isObject() || modified == null || !modified.isObject()) {
            throw new PatchException("a strategic merge patch can only be created between two JSON objects");
        }
        return new Differ(schema).diffMaps((ObjectNode) original, (ObjectNode) modified, List.of(), false);
    }

    // ---------------------------------------------------------------- apply

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path, PatchSchema schema) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            String d = text(directive);
            switch (d) {
                case "replace" -> {
                    patch.remove(DIRECTIVE);
                    return mergeMap(null, patch, path, schema);
                }
                case "delete" -> {
                    return NODES.objectNode();
                }
                // Merging is what objects do anyway; upstream rejects the explicit form.
                case "merge" -> patch.remove(DIRECTIVE);
                default -> throw new PatchException("unknown patch type: " + d + " in map: " + patch);
            }
        }
        ObjectNode result = original == null ? NODES.objectNode() : original;
        applyRetainKeys(result, patch);
        applySetElementOrder(result, patch, path, schema);

        for (String name : new ArrayList<>(patch.propertyNames())) {
            JsonNode value = patch.get(name);
            String key = name;
            boolean deleteList = false;
            if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                key = keyAfterSlash(name, "invalid patch format of primitive list");
                deleteList = true;
                if (!value.isArray()) {
                    throw new PatchException("invalid patch format of primitive list");
                }
            }
            if (value.isNull()) {
                result.remove(key);
                continue;
            }
            List<String> child = append(path, key);
            JsonNode current = result.get(key);
            if (current == null || kind(current) != kind(value)) {
                if (!deleteList) {
                    result.set(key, clean(value, child, schema));
                }
                continue;
            }
            PatchStrategy strategy = schema.strategy(child);
            if (current.isObject()) {
                result.set(key, strategy.replace()
                        ? clean(value, child, schema)
                        : mergeMap((ObjectNode) current, (ObjectNode) value, child, schema));
            } else if (current.isArray()) {
                if (strategy.merge() || deleteList) {
                    result.set(key, mergeList((ArrayNode) current, (ArrayNode) value, strategy.mergeKey(), deleteList,
                            child, schema));
                } else {
                    result.set(key, clean(value, child, schema));
                }
            } else {
                result.set(key, value);
            }
        }
        return result;
    }

    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch format of retainKeys");
        }
        Set<String> keep = new HashSet<>();
        retain.forEach(k -> keep.add(text(k)));
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)
                    || k.equals(DIRECTIVE)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw new PatchException("invalid patch format of retainKeys");
            }
        }
        original.retain(keep);
    }

    private static void applySetElementOrder(ObjectNode original, ObjectNode patch, List<String> path,
            PatchSchema schema) {
        for (String name : new ArrayList<>(patch.propertyNames())) {
            if (!name.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(name);
            String field = keyAfterSlash(name, "invalid patch format of setElementOrder list");
            if (!order.isArray()) {
                throw new PatchException("invalid patch format of setElementOrder list");
            }
            JsonNode origValue = original.get(field);
            JsonNode patchValue = patch.get(field);
            if (origValue != null && !origValue.isArray() && !origValue.isNull()) {
                throw new PatchException(SET_ELEMENT_ORDER + "/" + field + " names a field that is not a list");
            }
            if (patchValue != null && !patchValue.isArray()) {
                throw new PatchException(SET_ELEMENT_ORDER + "/" + field + " comes with a value that is not a list");
            }
            ArrayNode origList = origValue != null && origValue.isArray() ? (ArrayNode) origValue : null;
            ArrayNode patchList = (ArrayNode) patchValue;
            List<String> child = append(path, field);
            PatchStrategy strategy = schema.strategy(child);
            String mergeKey = strategy.mergeKey();
            validateOrderList(patchList, (ArrayNode) order, mergeKey);

            ArrayNode merged;
            if (origList != null && patchList == null) {
                merged = origList;
            } else if (origList == null && patchList != null) {
                merged = (ArrayNode) clean(patchList, child, schema);
            } else if (origList != null) {
                merged = strategy.merge()
                        ? mergeList(origList, patchList, mergeKey, false, child, schema)
                        : (ArrayNode) clean(patchList, child, schema);
            } else {
                continue;
            }
            patch.remove(field);
            if (merged.isEmpty()) {
                original.set(field, merged);
                continue;
            }
            Kind kind = elementKind(child, origList, patchList, merged);
            List<JsonNode> orderItems = items(order);
            List<JsonNode> patchItems = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            for (JsonNode item : merged) {
                (indexOf(orderItems, item, kind, mergeKey) >= 0 ? patchItems : serverOnly).add(item);
            }
            List<JsonNode> serverOrder = origList == null ? List.of() : items(origList);
            original.set(field, toArray(normalizeOrder(patchItems, serverOnly, orderItems, serverOrder, mergeKey, kind)));
        }
    }

    /** The items of the patch list must appear in the order list in the same relative order. */
    private static void validateOrderList(ArrayNode patchList, ArrayNode order, String mergeKey) {
        if (patchList == null || patchList.isEmpty() || order.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = new ArrayList<>();
        for (JsonNode item : patchList) {
            if (mergeKey == null || !"delete".equals(directiveOf(item))) {
                nonDelete.add(item);
            }
        }
        int p = 0;
        int o = 0;
        while (p < nonDelete.size() && o < order.size()) {
            JsonNode item = nonDelete.get(p);
            if (item.isObject() && item.has(DIRECTIVE)) {
                p++;
                continue;
            }
            if (sameItem(item, order.get(o), mergeKey)) {
                p++;
            }
            o++;
        }
        if (p < nonDelete.size()) {
            throw new PatchException("The order in patch list:\n" + patchList + "\n doesn't match "
                    + SET_ELEMENT_ORDER + " list:\n" + order + "\n");
        }
    }

    private static boolean sameItem(JsonNode a, JsonNode b, String mergeKey) {
        if (mergeKey == null) {
            return a.equals(b);
        }
        return mergeKeyOf(a, mergeKey).equals(mergeKeyOf(b, mergeKey));
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String mergeKey, boolean deleteList,
            List<String> path, PatchSchema schema) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        Kind kind = elementKind(path, original, patch);
        List<JsonNode> orig = items(original);
        List<JsonNode> patchItemsIn = items(patch);
        List<JsonNode> merged;
        if (kind != Kind.OBJECT) {
            if (deleteList) {
                List<JsonNode> kept = new ArrayList<>();
                for (JsonNode item : orig) {
                    if (!patchItemsIn.contains(item)) {
                        kept.add(item);
                    }
                }
                return toArray(kept);
            }
            merged = new ArrayList<>();
            for (JsonNode item : orig) {
                if (!merged.contains(item)) {
                    merged.add(item);
                }
            }
            for (JsonNode item : patchItemsIn) {
                if (!merged.contains(item)) {
                    merged.add(item);
                }
            }
        } else {
            if (mergeKey == null) {
                throw new PatchException("cannot merge lists without merge key for " + String.join(".", path));
            }
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            for (JsonNode item : patchItemsIn) {
                String d = directiveOf(item);
                if (d == null) {
                    plain.add(item);
                    continue;
                }
                switch (d) {
                    case "delete" -> {
                        JsonNode key = item.get(mergeKey);
                        if (key == null) {
                            throw noMergeKey(item, mergeKey);
                        }
                        orig.removeIf(o -> key.equals(o.get(mergeKey)));
                    }
                    case "replace" -> replace = true;
                    case "merge" -> throw new PatchException("merging lists cannot yet be specified in the patch");
                    default -> throw new PatchException("unknown patch type: " + d + " in map: " + item);
                }
            }
            if (replace) {
                List<JsonNode> replaced = new ArrayList<>();
                for (JsonNode item : plain) {
                    replaced.add(mergeMap(null, (ObjectNode) item, path, schema));
                }
                orig = replaced;
                plain = List.of();
            }
            merged = new ArrayList<>(orig);
            for (JsonNode item : plain) {
                JsonNode key = mergeKeyOf(item, mergeKey);
                int found = -1;
                for (int i = 0; i < merged.size(); i++) {
                    if (key.equals(merged.get(i).get(mergeKey))) {
                        found = i;
                        break;
                    }
                }
                if (found >= 0) {
                    merged.set(found, mergeMap((ObjectNode) merged.get(found), (ObjectNode) item, path, schema));
                } else {
                    merged.add(mergeMap(null, (ObjectNode) item, path, schema));
                }
            }
            patchItemsIn = plain;
        }
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(patchItemsIn, item, kind, mergeKey) >= 0 ? patchItems : serverOnly).add(item);
        }
        return toArray(normalizeOrder(patchItems, serverOnly, patchItemsIn, orig, mergeKey, kind));
    }

    /**
     * Sorts the patch's items by {@code patchOrder} and the others by {@code serverOrder}, then
     * interleaves them: a server item goes first only when both it and the next patch item are
     * in the server order and it comes earlier there.
     */
    private static List<JsonNode> normalizeOrder(List<JsonNode> patchItems, List<JsonNode> serverOnly,
            List<JsonNode> patchOrder, List<JsonNode> serverOrder, String mergeKey, Kind kind) {
        if (kind == Kind.OBJECT) {
            for (List<JsonNode> list : List.of(patchItems, serverOnly, patchOrder, serverOrder)) {
                for (JsonNode item : list) {
                    mergeKeyOf(item, mergeKey);
                }
            }
        }
        List<JsonNode> right = sortBy(patchItems, patchOrder, mergeKey, kind);
        List<JsonNode> left = sortBy(serverOnly, serverOrder, mergeKey, kind);
        List<JsonNode> out = new ArrayList<>(left.size() + right.size());
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                out.add(right.get(j++));
            } else if (j >= right.size()) {
                out.add(left.get(i++));
            } else {
                int li = indexOf(serverOrder, left.get(i), kind, mergeKey);
                int ri = indexOf(serverOrder, right.get(j), kind, mergeKey);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    private static List<JsonNode> sortBy(List<JsonNode> items, List<JsonNode> order, String mergeKey, Kind kind) {
        List<JsonNode> sorted = new ArrayList<>(items);
        // Items missing from the order keep their place after the ordered ones (a stable sort).
        sorted.sort(Comparator.comparingInt(item -> {
            int idx = indexOf(order, item, kind, mergeKey);
            return idx < 0 ? Integer.MAX_VALUE : idx;
        }));
        return sorted;
    }

    private static int indexOf(List<JsonNode> list, JsonNode item, Kind kind, String mergeKey) {
        JsonNode wanted = kind == Kind.OBJECT ? item.get(mergeKey) : item;
        if (wanted == null) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = kind == Kind.OBJECT ? list.get(i).get(mergeKey) : list.get(i);
            if (wanted.equals(candidate)) {
                return i;
            }
        }
        return -1;
    }

    /** A value the patch adds: nulls and directives removed, merge-keyed lists resolved. */
    private static JsonNode clean(JsonNode value, List<String> path, PatchSchema schema) {
        if (value.isObject()) {
            return mergeMap(null, (ObjectNode) value, path, schema);
        }
        if (value.isArray()) {
            PatchStrategy strategy = schema.strategy(path);
            boolean keyed = strategy.merge() && strategy.mergeKey() != null;
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : value) {
                if (item.isObject()) {
                    if (keyed && item.has(DIRECTIVE)) {
                        continue;
                    }
                    out.add(mergeMap(null, (ObjectNode) item, path, schema));
                } else {
                    out.add(item);
                }
            }
            return out;
        }
        return value;
    }

    // ---------------------------------------------------------------- diff

    private record Differ(PatchSchema schema) {

        ObjectNode diffMaps(ObjectNode original, ObjectNode modified, List<String> path, boolean buildRetainKeys) {
            ObjectNode patch = NODES.objectNode();
            List<String> retain = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : modified.properties()) {
                String key = e.getKey();
                JsonNode mod = e.getValue();
                if (buildRetainKeys && !mod.isNull()) {
                    retain.add(key);
                }
                JsonNode orig = original.get(key);
                if (orig == null || kind(orig) != kind(mod)) {
                    patch.set(key, mod.deepCopy());
                    continue;
                }
                List<String> child = append(path, key);
                if (orig.isObject()) {
                    PatchStrategy strategy = schema.strategy(child);
                    if (strategy.replace()) {
                        if (!orig.equals(mod)) {
                            patch.set(key, mod.deepCopy());
                        }
                    } else {
                        ObjectNode sub = diffMaps((ObjectNode) orig, (ObjectNode) mod, child, strategy.retainKeys());
                        if (!sub.isEmpty()) {
                            patch.set(key, sub);
                        }
                    }
                } else if (orig.isArray()) {
                    PatchStrategy strategy = schema.strategy(child);
                    if (strategy.merge()) {
                        diffLists(key, (ArrayNode) orig, (ArrayNode) mod, child, strategy, patch);
                    } else if (!orig.equals(mod)) {
                        patch.set(key, mod.deepCopy());
                    }
                } else if (!orig.equals(mod)) {
                    patch.set(key, mod.deepCopy());
                }
            }
            for (String key : original.propertyNames()) {
                if (!modified.has(key)) {
                    patch.putNull(key);
                }
            }
            if (!retain.isEmpty() && (!patch.isEmpty() || hasRemovedField(original, modified))) {
                ArrayNode keys = patch.putArray(RETAIN_KEYS);
                retain.stream().sorted().forEach(keys::add);
            }
            return patch;
        }

        private void diffLists(String key, ArrayNode original, ArrayNode modified, List<String> path,
                PatchStrategy strategy, ObjectNode patch) {
            if (original.isEmpty() && modified.isEmpty()) {
                return;
            }
            Kind kind = elementKind(path, original, modified);
            ArrayNode changes = NODES.arrayNode();
            ArrayNode order = NODES.arrayNode();
            if (kind == Kind.OBJECT) {
                String mergeKey = strategy.mergeKey();
                if (mergeKey == null) {
                    throw new PatchException("cannot merge lists without merge key for " + String.join(".", path));
                }
                Map<JsonNode, ObjectNode> byKey = new LinkedHashMap<>();
                for (JsonNode item : original) {
                    byKey.putIfAbsent(mergeKeyOf(item, mergeKey), (ObjectNode) item);
                }
                Set<JsonNode> modifiedKeys = new HashSet<>();
                for (JsonNode item : modified) {
                    JsonNode k = mergeKeyOf(item, mergeKey);
                    modifiedKeys.add(k);
                    ObjectNode before = byKey.get(k);
                    if (before == null) {
                        changes.add(item.deepCopy());
                        continue;
                    }
                    ObjectNode sub = diffMaps(before, (ObjectNode) item, path, strategy.retainKeys());
                    if (!sub.isEmpty()) {
                        ObjectNode withKey = NODES.objectNode();
                        withKey.set(mergeKey, k.deepCopy());
                        withKey.setAll(sub);
                        changes.add(withKey);
                    }
                }
                List<JsonNode> removed = new ArrayList<>();
                for (JsonNode k : byKey.keySet()) {
                    if (!modifiedKeys.contains(k)) {
                        removed.add(k);
                    }
                }
                removed.sort(Comparator.comparing(StrategicMergePatch::text));
                for (JsonNode k : removed) {
                    ObjectNode del = NODES.objectNode();
                    del.set(mergeKey, k.deepCopy());
                    del.put(DIRECTIVE, "delete");
                    changes.add(del);
                }
                boolean sameOrder = original.size() == modified.size();
                for (int i = 0; sameOrder && i < original.size(); i++) {
                    sameOrder = mergeKeyOf(original.get(i), mergeKey).equals(mergeKeyOf(modified.get(i), mergeKey));
                }
                if (!changes.isEmpty() || !sameOrder) {
                    for (JsonNode item : modified) {
                        order.addObject().set(mergeKey, mergeKeyOf(item, mergeKey).deepCopy());
                    }
                }
                if (!changes.isEmpty()) {
                    patch.set(key, changes);
                }
            } else {
                List<JsonNode> orig = items(original);
                List<JsonNode> mod = items(modified);
                for (JsonNode item : mod) {
                    if (!orig.contains(item) && !items(changes).contains(item)) {
                        changes.add(item.deepCopy());
                    }
                }
                List<JsonNode> removed = new ArrayList<>();
                for (JsonNode item : orig) {
                    if (!mod.contains(item) && !removed.contains(item)) {
                        removed.add(item);
                    }
                }
                removed.sort(Comparator.comparing(StrategicMergePatch::text));
                if (!removed.isEmpty() || !original.equals(modified)) {
                    modified.forEach(item -> order.add(item.deepCopy()));
                }
                if (!changes.isEmpty()) {
                    patch.set(key, changes);
                }
                if (!removed.isEmpty()) {
                    ArrayNode del = patch.putArray(DELETE_FROM_PRIMITIVE_LIST + "/" + key);
                    removed.forEach(item -> del.add(item.deepCopy()));
                }
            }
            if (!order.isEmpty()) {
                patch.set(SET_ELEMENT_ORDER + "/" + key, order);
            }
        }

        private static boolean hasRemovedField(ObjectNode original, ObjectNode modified) {
            for (Map.Entry<String, JsonNode> e : original.properties()) {
                if (!e.getValue().isNull() && !modified.has(e.getKey())) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Kind kind(JsonNode n) {
        if (n.isObject()) {
            return Kind.OBJECT;
        }
        if (n.isArray()) {
            return Kind.ARRAY;
        }
        if (n.isString()) {
            return Kind.STRING;
        }
        if (n.isNumber()) {
            return Kind.NUMBER;
        }
        if (n.isBoolean()) {
            return Kind.BOOLEAN;
        }
        return Kind.NULL;
    }

    /** The one kind of all items of the lists; lists of lists and mixed kinds are errors. */
    private static Kind elementKind(List<String> path, ArrayNode... lists) {
        Kind found = null;
        for (ArrayNode list : lists) {
            if (list == null) {
                continue;
            }
            for (JsonNode item : list) {
                Kind k = kind(item);
                if (k == Kind.ARRAY) {
                    throw new PatchException("lists of lists are not supported");
                }
                if (found == null) {
                    found = k;
                } else if (found != k) {
                    throw new PatchException("list element types are not identical in " + String.join(".", path));
                }
            }
        }
        if (found == null) {
            throw new PatchException("no elements in any of the given slices");
        }
        return found;
    }

    private static JsonNode mergeKeyOf(JsonNode item, String mergeKey) {
        JsonNode key = item.isObject() ? item.get(mergeKey) : null;
        if (key == null) {
            throw noMergeKey(item, mergeKey);
        }
        return key;
    }

    private static PatchException noMergeKey(JsonNode item, String mergeKey) {
        return new PatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
    }

    private static String directiveOf(JsonNode item) {
        JsonNode d = item.isObject() ? item.get(DIRECTIVE) : null;
        return d == null ? null : text(d);
    }

    private static String keyAfterSlash(String name, String error) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new PatchException(error);
        }
        return name.substring(slash + 1);
    }

    private static String text(JsonNode n) {
        return n.isString() ? n.stringValue() : n.toString();
    }

    private static String describe(JsonNode n) {
        return n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode toArray(List<JsonNode> items) {
        ArrayNode out = NODES.arrayNode();
        items.forEach(out::add);
        return out;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return List.copyOf(out);
    }
}
