package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.JsonNode;

/**
 * Applies PATCH bodies. {@code contentType} is the request's media type without parameters.
 * Implementations throw {@link UnsupportedPatchException} for a type they do not handle (415)
 * and {@link IllegalArgumentException} for a patch that cannot be applied (400/422).
 */
public interface PatchSupport {

    JsonNode apply(ResourceDescriptor descriptor, String contentType, JsonNode current, byte[] patch);

    final class UnsupportedPatchException extends RuntimeException {
        public UnsupportedPatchException(String message) {
            super(message);
        }
    }
}
