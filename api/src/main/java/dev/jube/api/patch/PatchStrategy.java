package dev.jube.api.patch;

/**
 * The strategic-merge behaviour of one field, as upstream's {@code patchStrategy} and
 * {@code patchMergeKey} struct tags declare it.
 *
 * <ul>
 *   <li>Lists: {@code merge} merges by {@code mergeKey} (lists of objects) or as a set
 *       (lists of scalars, no key); otherwise the list is replaced whole.</li>
 *   <li>Objects: {@code replace} replaces the whole object; otherwise members merge.</li>
 *   <li>{@code retainKeys}: a patch may carry {@code $retainKeys} to clear unlisted members;
 *       {@link StrategicMergePatch#diff} emits it for such fields.</li>
 * </ul>
 *
 * @param merge      merge strategy
 * @param replace    replace strategy
 * @param retainKeys retainKeys strategy (alone, or with merge for lists)
 * @param mergeKey   the key identifying list items, or null
 */
public record PatchStrategy(boolean merge, boolean replace, boolean retainKeys, String mergeKey) {

    /** No tag: objects merge, lists are replaced. */
    public static final PatchStrategy DEFAULT = new PatchStrategy(false, false, false, null);

    public PatchStrategy {
        if (merge && replace) {
            throw new IllegalArgumentException("a field cannot be both merge and replace");
        }
        mergeKey = mergeKey == null || mergeKey.isEmpty() ? null : mergeKey;
    }

    /** A list of objects merged by {@code key}. */
    public static PatchStrategy mergeByKey(String key) {
        return new PatchStrategy(true, false, false, key);
    }

    /** A list of scalars merged as an ordered set (e.g. finalizers). */
    public static PatchStrategy mergeScalars() {
        return new PatchStrategy(true, false, false, null);
    }

    /** A list of objects merged by {@code key} whose items clear unlisted members (e.g. volumes). */
    public static PatchStrategy mergeRetainKeys(String key) {
        return new PatchStrategy(true, false, true, key);
    }

    /** An object whose unlisted members a patch may clear (e.g. Deployment strategy). */
    public static PatchStrategy retainKeysOnly() {
        return new PatchStrategy(false, false, true, null);
    }

    public static PatchStrategy replaceAll() {
        return new PatchStrategy(false, true, false, null);
    }

    /**
     * From the tag texts, e.g. {@code fromTags("merge,retainKeys", "name")}.
     *
     * @throws IllegalArgumentException for an unknown strategy
     */
    public static PatchStrategy fromTags(String patchStrategy, String patchMergeKey) {
        boolean merge = false;
        boolean replace = false;
        boolean retainKeys = false;
        if (patchStrategy != null && !patchStrategy.isBlank()) {
            for (String s : patchStrategy.split(",")) {
                switch (s.strip()) {
                    case "merge" -> merge = true;
                    case "replace" -> replace = true;
                    case "retainKeys" -> retainKeys = true;
                    default -> throw new IllegalArgumentException("unknown patch strategy: " + s);
                }
            }
        }
        return new PatchStrategy(merge, replace, retainKeys, patchMergeKey);
    }
}
