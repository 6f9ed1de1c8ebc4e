package dev.jube.api.openapi;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One served resource, as the OpenAPI documents describe it.
 *
 * @param group        API group, "" for the core group
 * @param version      API version, e.g. "v1"
 * @param kind         kind, e.g. "Deployment"
 * @param plural       resource name in URLs, e.g. "deployments"
 * @param namespaced   whether objects live in a namespace
 * @param verbs        the verbs served, as discovery lists them (get, list, watch, create,
 *                     update, patch, delete, deletecollection)
 * @param subresources served subresources, e.g. "status", "scale", "log"
 * @param modelClass   the fabric8 class of the kind, or null for a custom resource
 * @param customSchema the openAPIV3Schema of a custom resource (required when modelClass is
 *                     null, ignored otherwise)
 */
public record ResourceInfo(String group, String version, String kind, String plural, boolean namespaced,
                           List<String> verbs, List<String> subresources, Class<?> modelClass,
                           JsonNode customSchema) {

    /** The verbs upstream serves for an ordinary resource. */
    public static final List<String> STANDARD_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private static final Set<String> KNOWN_VERBS = Set.copyOf(STANDARD_VERBS);

    public ResourceInfo {
        Objects.requireNonNull(group, "group");
        requireText(version, "version");
        requireText(kind, "kind");
        requireText(plural, "plural");
        verbs = List.copyOf(Objects.requireNonNull(verbs, "verbs"));
        subresources = List.copyOf(subresources == null ? List.of() : subresources);
        for (String verb : verbs) {
            if (!KNOWN_VERBS.contains(verb)) {
                throw new IllegalArgumentException("unknown verb \"" + verb + "\" for " + plural);
            }
        }
        if (modelClass == null && (customSchema == null || !customSchema.isObject())) {
            throw new IllegalArgumentException(
                    "resource " + plural + "." + group + " needs a model class or a custom JSON schema object");
        }
        if (modelClass != null) {
            customSchema = null;
        }
    }

    /** A built-in kind described by its fabric8 class. */
    public static ResourceInfo builtin(String group, String version, String kind, String plural, boolean namespaced,
                                       List<String> verbs, List<String> subresources, Class<?> modelClass) {
        return new ResourceInfo(group, version, kind, plural, namespaced, verbs, subresources,
                Objects.requireNonNull(modelClass, "modelClass"), null);
    }

    /** A custom resource whose schema is a CRD version's openAPIV3Schema. */
    public static ResourceInfo custom(String group, String version, String kind, String plural, boolean namespaced,
                                      List<String> verbs, List<String> subresources, JsonNode openApiV3Schema) {
        return new ResourceInfo(group, version, kind, plural, namespaced, verbs, subresources, null,
                Objects.requireNonNull(openApiV3Schema, "openApiV3Schema"));
    }

    /** "v1" for the core group, otherwise "group/version". */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of the group-version: "/api/v1" or "/apis/group/version". */
    public String pathPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** The key of this group-version in the /openapi/v3 index: "api/v1" or "apis/group/version". */
    public String openApiV3Path() {
        return pathPrefix().substring(1);
    }

    public boolean has(String verb) {
        return verbs.contains(verb);
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
