package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses {@code labelSelector} and {@code fieldSelector} query parameters into object filters.
 * Implementations throw {@link IllegalArgumentException} naming the problem for bad syntax (the
 * handlers answer 400). The full selector language comes from the api library.
 */
public interface SelectorSupport {

    Predicate<ObjectNode> labelSelector(String expression);

    Predicate<ObjectNode> fieldSelector(ResourceDescriptor descriptor, String expression);
}
