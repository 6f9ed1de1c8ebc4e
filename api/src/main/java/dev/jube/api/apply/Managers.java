package dev.jube.api.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The managed-field entries of one object while a request changes them. */
final class Managers {

    /** Upstream keeps at most this many Update entries; older ones merge into a bucket. */
    static final int MAX_UPDATE_MANAGERS = 10;
    static final String ANCIENT_CHANGES = "ancient-changes";
    static final String BEFORE_FIRST_APPLY = "before-first-apply";

    /** Fields nobody owns: identity and bookkeeping that the server sets. */
    static final FieldSet STRIPPED = FieldSet.of(
            FieldPath.fields("apiVersion"),
            FieldPath.fields("kind"),
            FieldPath.fields("metadata"),
            FieldPath.fields("metadata", "name"),
            FieldPath.fields("metadata", "namespace"),
            FieldPath.fields("metadata", "creationTimestamp"),
            FieldPath.fields("metadata", "selfLink"),
            FieldPath.fields("metadata", "uid"),
            FieldPath.fields("metadata", "clusterName"),
            FieldPath.fields("metadata", "generation"),
            FieldPath.fields("metadata", "managedFields"),
            FieldPath.fields("metadata", "resourceVersion"));

    final Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> entries = new LinkedHashMap<>();

    Managers(List<ManagedFieldsEntry> list) {
        for (ManagedFieldsEntry e : list) {
            entries.merge(e.identity(), e, (a, b) -> b.withFields(a.fields().union(b.fields())));
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<ManagedFieldsEntry> list() {
        return new ArrayList<>(entries.values());
    }

    FieldSet fieldsOf(ManagedFieldsEntry.Identity id) {
        ManagedFieldsEntry e = entries.get(id);
        return e == null ? FieldSet.empty() : e.fields();
    }

    /** Every owned field, of every entry. */
    FieldSet allFields() {
        FieldSet.Builder b = new FieldSet.Builder();
        entries.values().forEach(e -> b.addAll(e.fields()));
        return b.build();
    }

    /**
     * The fields of other entries that the change touches (modified or added), per entry.
     */
    Map<ManagedFieldsEntry.Identity, FieldSet> conflicts(Comparison change, ManagedFieldsEntry.Identity self) {
        FieldSet touched = change.modified().union(change.added());
        Map<ManagedFieldsEntry.Identity, FieldSet> out = new LinkedHashMap<>();
        entries.forEach((id, e) -> {
            if (!id.equals(self)) {
                FieldSet c = e.fields().intersection(touched);
                if (!c.isEmpty()) {
                    out.put(id, c);
                }
            }
        });
        return out;
    }

    /** Takes changed fields from other entries and forgets removed ones; drops emptied entries. */
    void settle(Comparison change, ManagedFieldsEntry.Identity self) {
        if (entries.isEmpty()) {
            return;
        }
        Map<ManagedFieldsEntry.Identity, FieldSet> taken = conflicts(change, self);
        for (var id : new ArrayList<>(entries.keySet())) {
            if (id.equals(self)) {
                continue;
            }
            ManagedFieldsEntry e = entries.get(id);
            FieldSet left = e.fields().difference(taken.getOrDefault(id, FieldSet.empty())).difference(change.removed());
            entries.put(id, e.withFields(left));
        }
        entries.values().removeIf(e -> e.fields().isEmpty());
    }

    /**
     * Records an Update: the changed fields move to {@code id} (merged into its earlier fields),
     * and its time is set, when the change gives it anything to own.
     */
    void recordUpdate(Comparison change, ManagedFieldsEntry.Identity id, String apiVersion, FieldSet ignored,
                      Instant now) {
        settle(change, null);
        FieldSet owned = change.modified().union(change.added()).difference(change.removed())
                .recursiveDifference(ignored).difference(STRIPPED);
        if (owned.isEmpty()) {
            return;
        }
        ManagedFieldsEntry previous = entries.get(id);
        FieldSet fields = previous == null ? owned : owned.union(previous.fields());
        entries.put(id, new ManagedFieldsEntry(id.manager(), id.operation(), apiVersion, now, fields, id.subresource()));
    }

    /** Folds the oldest Update entries into per-version "ancient-changes" entries, as upstream caps them. */
    void capUpdateManagers() {
        List<ManagedFieldsEntry> updaters = new ArrayList<>();
        entries.values().stream().filter(e -> !e.applied()).forEach(updaters::add);
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return;
        }
        updaters.sort(Comparator.comparing(ManagedFieldsEntry::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, ManagedFieldsEntry.Identity> firstOfVersion = new HashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            ManagedFieldsEntry e = updaters.get(i);
            String version = e.apiVersion();
            ManagedFieldsEntry.Identity bucket = new ManagedFieldsEntry.Identity(ANCIENT_CHANGES,
                    ManagedFieldsEntry.UPDATE, version, "");
            ManagedFieldsEntry.Identity first = firstOfVersion.get(version);
            if (first == null) {
                firstOfVersion.put(version, e.identity());
                continue;
            }
            if (!entries.containsKey(bucket)) {
                ManagedFieldsEntry moved = entries.remove(first);
                entries.put(bucket, new ManagedFieldsEntry(ANCIENT_CHANGES, ManagedFieldsEntry.UPDATE, version,
                        moved.time(), moved.fields(), ""));
            }
            ManagedFieldsEntry b = entries.get(bucket);
            entries.put(bucket, new ManagedFieldsEntry(ANCIENT_CHANGES, ManagedFieldsEntry.UPDATE, version,
                    e.time(), b.fields().union(e.fields()), ""));
            entries.remove(e.identity());
            length--;
        }
    }
}
