package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.storage.ObjectStorage;
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

    /**
     * Whether kind-specific finalizers (a namespace's spec.finalizers) keep the object after it
     * was marked for deletion, as metadata.finalizers do for every kind.
     */
    default boolean holdsDeletion(ObjectNode obj) {
        return false;
    }

    /**
     * Why a delete of an object that is already being deleted is refused (409 Conflict), or null
     * when it is accepted (the default: a repeated delete may shorten the grace period).
     */
    default String refuseRepeatedDelete(ObjectNode obj) {
        return null;
    }

    /** On the copy of an object being marked for deletion: kind-specific state (a namespace's Terminating phase). */
    default void markedForDeletion(ObjectNode obj) {
    }

    /** The object to store for an update of the finalize subresource; only kinds that serve it override this. */
    default ObjectNode prepareForFinalize(ResourceDescriptor d, ObjectNode incoming, ObjectNode old) {
        throw new UnsupportedOperationException(d.kind() + " has no finalize subresource");
    }

    /**
     * Claims what the object needs from cluster-wide pools (service IPs, node ports) just before it
     * is written; {@code old} is null on create. The handler commits the result after a successful
     * write and rolls it back otherwise. With {@code dryRun} nothing is claimed, only checked.
     *
     * @throws InvalidObjectException when a requested value is not available
     */
    default Allocation allocate(ObjectStorage storage, ResourceDescriptor d, ObjectNode obj, ObjectNode old,
                                boolean dryRun) {
        return Allocation.NONE;
    }

    /** After the object was removed from storage: give back what it held. */
    default void released(ObjectStorage storage, ResourceDescriptor d, ObjectNode obj) {
    }
}
