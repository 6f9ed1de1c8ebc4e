package dev.jube.apiserver.crd;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes of one version of a custom resource: defaults and pruning from the version's schema
 * before validation against it; the status split comes from {@link GenericStrategy} when the
 * version has a status subresource.
 */
final class CustomResourceStrategy extends GenericStrategy {

    private final JsonNode schema;

    CustomResourceStrategy(JsonNode schema) {
        this.schema = schema;
    }

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        SchemaDefaultsAndPruning.apply(obj, schema);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        SchemaDefaultsAndPruning.apply(obj, schema);
    }

    @Override
    public ObjectNode prepareForStatusUpdate(ResourceDescriptor d, ObjectNode incoming, ObjectNode old) {
        ObjectNode result = super.prepareForStatusUpdate(d, incoming, old);
        SchemaDefaultsAndPruning.apply(result, schema);
        return result;
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        errors.addAll(SchemaValidator.validate(obj, schema, ""));
        return errors;
    }
}
