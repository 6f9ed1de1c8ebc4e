package dev.jube.apiserver.crd;

import dev.jube.api.table.CustomTables;
import dev.jube.api.table.TableException;
import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Upstream's checks of a CustomResourceDefinition, with its field paths and messages. */
final class CustomResourceDefinitionValidation {

    /** Required on CRDs in Kubernetes' own groups (*.k8s.io, *.kubernetes.io). */
    private static final String APPROVAL_ANNOTATION = "api-approved.kubernetes.io";
    private static final String LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";

    private CustomResourceDefinitionValidation() {}

    static List<FieldError> validate(JsonNode crd) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asString("");
        String name = crd.path("metadata").path("name").asString("");
        if (!name.equals(plural + "." + group)) {
            errors.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.isEmpty()) {
            errors.add(FieldError.required("spec.group", ""));
        } else if (!group.contains(".")) {
            errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
        } else if (!group.matches(Names.DNS1123_SUBDOMAIN_FMT)) {
            errors.add(FieldError.invalid("spec.group", group, "a lowercase RFC 1123 subdomain must consist of lower "
                    + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
        if ((group.endsWith(".k8s.io") || group.endsWith(".kubernetes.io") || group.equals("k8s.io")
                || group.equals("kubernetes.io"))
                && crd.path("metadata").path("annotations").path(APPROVAL_ANNOTATION).asString("").isEmpty()) {
            errors.add(FieldError.required("metadata.annotations[" + APPROVAL_ANNOTATION + "]",
                    "protected groups must have approval annotation \"" + APPROVAL_ANNOTATION
                            + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
        }
        String scope = spec.path("scope").asString("");
        if (scope.isEmpty()) {
            errors.add(FieldError.required("spec.scope", ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            errors.add(FieldError.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
        }
        names(names, "spec.names", errors);
        versions(spec.path("versions"), errors);
        String strategy = spec.path("conversion").path("strategy").asString("None");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            errors.add(FieldError.notSupported("spec.conversion.strategy", strategy, List.of("None", "Webhook")));
        }
        return errors;
    }

    /** On update, in addition: the group and scope stay, and stored versions stay served or listed. */
    static List<FieldError> validateUpdate(JsonNode crd, JsonNode old) {
        List<FieldError> errors = validate(crd);
        String group = crd.path("spec").path("group").asString("");
        if (!group.equals(old.path("spec").path("group").asString(""))) {
            errors.add(FieldError.invalid("spec.group", group, "field is immutable"));
        }
        String scope = crd.path("spec").path("scope").asString("");
        if (!scope.equals(old.path("spec").path("scope").asString(""))) {
            errors.add(FieldError.invalid("spec.scope", scope, "field is immutable"));
        }
        return errors;
    }

    private static void names(JsonNode names, String path, List<FieldError> errors) {
        String plural = names.path("plural").asString("");
        if (plural.isEmpty()) {
            errors.add(FieldError.required(path + ".plural", ""));
        } else if (!plural.matches(LABEL)) {
            errors.add(FieldError.invalid(path + ".plural", plural, "a lowercase RFC 1123 label must consist of lower "
                    + "case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
        }
        String singular = names.path("singular").asString("");
        if (!singular.isEmpty() && !singular.matches(LABEL)) {
            errors.add(FieldError.invalid(path + ".singular", singular, "a lowercase RFC 1123 label must consist of "
                    + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
        }
        String kind = names.path("kind").asString("");
        if (kind.isEmpty()) {
            errors.add(FieldError.required(path + ".kind", ""));
        } else if (!kind.matches("[A-Za-z][-A-Za-z0-9]*")) {
            errors.add(FieldError.invalid(path + ".kind", kind, "may have mixed case, but should otherwise match: "
                    + "[a-z]([-a-z0-9]*[a-z0-9])?"));
        }
        String listKind = names.path("listKind").asString("");
        if (!listKind.isEmpty() && listKind.equals(kind)) {
            errors.add(FieldError.invalid(path + ".listKind", listKind, "kind and listKind may not be the same"));
        }
        int i = 0;
        for (JsonNode s : names.path("shortNames")) {
            if (!s.asString("").matches(LABEL)) {
                errors.add(FieldError.invalid(path + ".shortNames[" + i + "]", s.asString(""),
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                                + "and must start and end with an alphanumeric character"));
            }
            i++;
        }
    }

    private static void versions(JsonNode versions, List<FieldError> errors) {
        List<String> versionNames = new ArrayList<>();
        versions.forEach(v -> versionNames.add(v.path("name").asString("")));
        if (!versions.isArray() || versions.isEmpty()) {
            errors.add(FieldError.required("spec.versions", "must have exactly one version marked as storage version"));
            return;
        }
        int storage = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String path = "spec.versions[" + i + "]";
            String name = v.path("name").asString("");
            if (v.path("storage").asBoolean(false)) {
                storage++;
            }
            if (name.isEmpty()) {
                errors.add(FieldError.required(path + ".name", ""));
            } else if (!name.matches(LABEL)) {
                errors.add(FieldError.invalid(path + ".name", name, "a DNS-1035 label must consist of lower case "
                        + "alphanumeric characters or '-', start with an alphabetic character, and end with an "
                        + "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"
                        + LABEL + "')"));
            } else if (!seen.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
            JsonNode schema = v.path("schema").get("openAPIV3Schema");
            if (schema == null || schema.isNull()) {
                errors.add(FieldError.required(path + ".schema.openAPIV3Schema", "schemas are required"));
            } else {
                errors.addAll(StructuralSchemaCheck.check(schema, path + ".schema.openAPIV3Schema"));
            }
            JsonNode scale = v.path("subresources").get("scale");
            if (scale != null && scale.isObject()) {
                scalePath(scale, "specReplicasPath", ".spec", path + ".subresources.scale", errors);
                scalePath(scale, "statusReplicasPath", ".status", path + ".subresources.scale", errors);
                String selector = scale.path("labelSelectorPath").asString("");
                if (!selector.isEmpty() && !selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
                    errors.add(FieldError.invalid(path + ".subresources.scale.labelSelectorPath", selector,
                            "should be a json path under either .spec or .status"));
                }
            }
            try {
                CustomTables.columns(v.get("additionalPrinterColumns"));
            } catch (TableException e) {
                errors.add(FieldError.invalid(path + ".additionalPrinterColumns", "", e.getMessage()));
            }
        }
        if (storage != 1) {
            errors.add(FieldError.invalid("spec.versions", versionNames,
                    "must have exactly one version marked as storage version"));
        }
    }

    private static void scalePath(JsonNode scale, String field, String under, String path, List<FieldError> errors) {
        String p = scale.path(field).asString("");
        if (p.isEmpty()) {
            errors.add(FieldError.required(path + "." + field, ""));
        } else if (!p.startsWith(under + ".") || !p.matches("(\\.[A-Za-z0-9_-]+)+")) {
            errors.add(FieldError.invalid(path + "." + field, p, "should be a json path under " + under));
        }
    }
}
