package dev.jube.apiserver.endpoints;

import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ObjectMeta checks every kind gets on create and update, as upstream's ValidateObjectMeta:
 * name (by the kind's rule), generateName, namespace, generation, labels, annotations and
 * finalizers. Kind-specific checks are the strategy's.
 */
final class MetaValidation {

    private MetaValidation() {}

    static List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = new ArrayList<>();
        String generateName = Meta.get(obj, "generateName");
        if (generateName != null && !generateName.isEmpty()) {
            for (String msg : nameErrors(d.nameRule(), generateName, true)) {
                errors.add(FieldError.invalid("metadata.generateName", generateName, msg));
            }
        }
        String name = Meta.name(obj);
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            for (String msg : nameErrors(d.nameRule(), name, false)) {
                errors.add(FieldError.invalid("metadata.name", name, msg));
            }
        }
        if (d.namespaced()) {
            String ns = Meta.get(obj, "namespace");
            if (ns == null || ns.isEmpty()) {
                errors.add(FieldError.required("metadata.namespace", ""));
            } else {
                for (String msg : Names.dns1123Label(ns)) {
                    errors.add(FieldError.invalid("metadata.namespace", ns, msg));
                }
            }
        }
        JsonNode generation = obj.path("metadata").path("generation");
        if (generation.isNumber() && generation.asLong() < 0) {
            errors.add(FieldError.invalid("metadata.generation", generation.asLong(),
                    "must be greater than or equal to 0"));
        }
        errors.addAll(Names.validateLabels(stringMap(obj, "labels"), "metadata.labels"));
        errors.addAll(Names.validateAnnotations(stringMap(obj, "annotations"), "metadata.annotations"));
        int i = 0;
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            String finalizer = f.asString();
            for (String msg : Names.qualifiedName(finalizer)) {
                errors.add(FieldError.invalid("metadata.finalizers[" + i + "]", finalizer, msg));
            }
            i++;
        }
        return errors;
    }

    /**
     * The messages for a name under a kind's rule. A generateName prefix may end in '-' (the
     * random suffix follows), so for the DNS rules its trailing dash is read as a letter.
     */
    static List<String> nameErrors(ResourceDescriptor.NameRule rule, String name, boolean prefix) {
        String checked = prefix && rule != ResourceDescriptor.NameRule.PATH_SEGMENT ? maskTrailingDash(name) : name;
        return switch (rule) {
            case DNS1123_SUBDOMAIN -> Names.dns1123Subdomain(checked);
            case DNS1123_LABEL -> Names.dns1123Label(checked);
            case DNS1035_LABEL -> Names.dns1035Label(checked);
            case PATH_SEGMENT -> prefix ? Names.pathSegmentPrefix(name) : Names.pathSegmentName(name);
        };
    }

    private static String maskTrailingDash(String name) {
        return name.length() > 1 && name.endsWith("-") ? name.substring(0, name.length() - 1) + "a" : name;
    }

    private static Map<String, String> stringMap(ObjectNode obj, String field) {
        JsonNode m = obj.path("metadata").path(field);
        if (!m.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
        }
        return out;
    }
}
