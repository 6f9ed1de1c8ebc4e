package dev.jube.api.apply;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of {@code metadata.managedFields}: the fields one manager owns through one kind of
 * operation.
 *
 * @param manager     the field manager, e.g. "kubectl" or "kube-controller-manager"
 * @param operation   {@link #APPLY} or {@link #UPDATE}
 * @param apiVersion  the API version the fields are expressed in
 * @param time        when the manager last changed the object, or null
 * @param fields      the owned fields (fieldsV1)
 * @param subresource the subresource the manager wrote through (e.g. "status"), or "" for the object
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, Instant time,
                                 FieldSet fields, String subresource) {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";
    public static final String FIELDS_TYPE = "FieldsV1";

    public ManagedFieldsEntry {
        manager = manager == null ? "" : manager;
        Objects.requireNonNull(operation, "operation");
        apiVersion = apiVersion == null ? "" : apiVersion;
        Objects.requireNonNull(fields, "fields");
        subresource = subresource == null ? "" : subresource;
    }

    public boolean applied() {
        return APPLY.equals(operation);
    }

    /**
     * What makes two entries one: manager, operation, subresource, and the API version for
     * updates only (an applier keeps one entry whichever version it applies with).
     */
    Identity identity() {
        return new Identity(manager, operation, applied() ? "" : apiVersion, subresource);
    }

    ManagedFieldsEntry withFields(FieldSet newFields) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, newFields, subresource);
    }

    ManagedFieldsEntry withTime(Instant newTime) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, fields, subresource);
    }

    /** The identity of an entry; its JSON form is how upstream names and sorts managers. */
    record Identity(String manager, String operation, String apiVersion, String subresource) {

        String json() {
            StringBuilder b = new StringBuilder("{\"manager\":");
            GoJson.writeString(b, manager);
            b.append(",\"operation\":");
            GoJson.writeString(b, operation);
            if (!apiVersion.isEmpty()) {
                b.append(",\"apiVersion\":");
                GoJson.writeString(b, apiVersion);
            }
            if (!subresource.isEmpty()) {
                b.append(",\"subresource\":");
                GoJson.writeString(b, subresource);
            }
            return b.append('}').toString();
        }

        /** As conflict messages name a manager, e.g. {@code "kubectl-client-side-apply" using apps/v1}. */
        String display() {
            StringBuilder b = new StringBuilder();
            GoJson.writeString(b, manager);
            if (!subresource.isEmpty()) {
                b.append(" with subresource ");
                GoJson.writeString(b, subresource);
            }
            if (UPDATE.equals(operation)) {
                b.append(" using ").append(apiVersion);
            }
            return b.toString();
        }
    }
}
