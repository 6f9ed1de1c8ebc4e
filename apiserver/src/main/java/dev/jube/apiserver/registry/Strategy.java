package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kind-specific part of create, update, status update and delete. The generic handlers do
 * everything that is the same for every kind (metadata, resourceVersion, generation, storage);
 * a strategy only adds defaults, validation and the spec/status split.
 */
public interface Strategy {

    /** Before validation on create: drop what clients may not set, fill defaults. */
    void prepareForCreate(ResourceDescriptor d, ObjectNode obj);

    /** Before validation on update of the main resource: keep what this endpoint may not change. */
    void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old);

    /** The object to store for an update of the status subresource: only status comes from the request. */
    ObjectNode prepareForStatusUpdate(ResourceDescriptor d, ObjectNode incoming, ObjectNode old);

    /** Kind-specific validation of a new object (metadata is validated by the handlers). */
    List<FieldError> validate(ResourceDescriptor d, ObjectNode obj);

    /** Kind-specific validation of an update; by default the same as on create. */
    default List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        return validate(d, obj);
    }

    /**
     * Seconds to wait before the object is really removed (graceful deletion, as for pods on a
     * node); 0 removes it at once. {@code requested} is the client's gracePeriodSeconds or null.
     */
    default long deletionGracePeriodSeconds(ResourceDescriptor d, ObjectNode obj, Long requested) {
        return 0;
    }
}
