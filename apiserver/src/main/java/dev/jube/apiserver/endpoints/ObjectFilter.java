package dev.jube.apiserver.endpoints;

import dev.jube.api.selector.FieldSelector;
import dev.jube.api.selector.LabelSelector;
import dev.jube.api.selector.SelectorException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The filter of a list, watch or deletecollection request, from its {@code labelSelector} and
 * {@code fieldSelector} parameters. Bad syntax and fields the kind does not support are 400
 * BadRequest with upstream's messages.
 */
final class ObjectFilter {

    private ObjectFilter() {}

    static Predicate<ObjectNode> of(ResourceDescriptor d, String labelSelector, String fieldSelector) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(labelSelector == null ? "" : labelSelector);
            fields = FieldSelector.parse(fieldSelector);
            fields.requireSupported(d.selectableFields().keySet());
        } catch (SelectorException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Predicate<ObjectNode> p = o -> true;
        if (!labels.isEverything()) {
            p = o -> labels.matches(labels(o));
        }
        if (!fields.isEverything()) {
            Map<String, Function<ObjectNode, String>> readers = d.selectableFields();
            p = p.and(o -> fields.matches(field -> readers.get(field).apply(o)));
        }
        return p;
    }

    static Map<String, String> labels(ObjectNode obj) {
        JsonNode labels = obj.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asString());
            }
        }
        return out;
    }
}
