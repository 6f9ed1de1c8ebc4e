package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An apply that would change fields other managers own. The API server answers 409 Conflict
 * (reason Conflict) with {@link #getMessage()} and one cause per conflict: reason
 * {@value #CAUSE_REASON}, message {@link Conflict#causeMessage()}, field {@link Conflict#field()}.
 */
public final class ApplyConflictException extends RuntimeException {

    /** The {@code StatusCause.reason} of each conflict. */
    public static final String CAUSE_REASON = "FieldManagerConflict";

    /**
     * One conflicting field and the manager entry that owns it.
     *
     * @param manager     the owning manager's name
     * @param operation   its operation, Apply or Update
     * @param apiVersion  the API version of its entry (shown for Update owners)
     * @param subresource its subresource, or ""
     * @param path        the field
     */
    public record Conflict(String manager, String operation, String apiVersion, String subresource, FieldPath path) {

        /** The field as upstream prints it, e.g. {@code .spec.replicas}. */
        public String field() {
            return path.toString();
        }

        /** E.g. {@code conflict with "kubectl-client-side-apply" using apps/v1}. */
        public String causeMessage() {
            return "conflict with " + identity().display();
        }

        ManagedFieldsEntry.Identity identity() {
            return new ManagedFieldsEntry.Identity(manager, operation,
                    ManagedFieldsEntry.UPDATE.equals(operation) ? apiVersion : "", subresource);
        }
    }

    private final List<Conflict> conflicts;

    ApplyConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.getFirst();
            return "Apply failed with 1 conflict: conflict with " + c.identity().display() + ": " + c.field();
        }
        Map<String, List<Conflict>> byManager = new LinkedHashMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.identity().json(), k -> new ArrayList<>()).add(c);
        }
        List<String> lines = new ArrayList<>();
        byManager.keySet().stream().sorted().forEach(id -> {
            List<Conflict> list = byManager.get(id);
            lines.add("conflicts with " + list.getFirst().identity().display() + ":");
            list.forEach(c -> lines.add("- " + c.field()));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
