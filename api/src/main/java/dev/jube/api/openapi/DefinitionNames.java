package dev.jube.api.openapi;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's OpenAPI definition names (e.g. "io.k8s.api.core.v1.PodSpec") for fabric8 model
 * classes. fabric8 keeps core/v1, meta/v1 and a few other Go packages in one Java package, so
 * that package is split by a table; the other packages map by their group and version.
 */
final class DefinitionNames {

    static final String FABRIC8_MODEL = "io.fabric8.kubernetes.api.model";
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String CORE = "io.k8s.api.core.v1.";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";
    static final String PATCH = META + "Patch";

    /** Classes of fabric8's root model package that are meta/v1 types upstream. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
            "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table",
            "TableColumnDefinition", "TableRow", "TypeMeta", "UpdateOptions", "WatchEvent");

    /** Classes of fabric8's root model package that belong to the aggregator's apiregistration/v1. */
    private static final Set<String> APIREGISTRATION_TYPES = Set.of(
            "APIService", "APIServiceCondition", "APIServiceList", "APIServiceSpec", "APIServiceStatus",
            "ServiceReference");

    /** Whole-name exceptions: types whose Go package is unlike their Java one. */
    private static final Map<String, String> EXACT = Map.of(
            FABRIC8_MODEL + ".Quantity", QUANTITY,
            FABRIC8_MODEL + ".IntOrString", INT_OR_STRING,
            FABRIC8_MODEL + ".runtime.RawExtension", RAW_EXTENSION,
            FABRIC8_MODEL + ".version.Info", "io.k8s.apimachinery.pkg.version.Info");

    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    private DefinitionNames() {
    }

    /**
     * The upstream definition name of a fabric8 model class.
     *
     * @throws IllegalArgumentException for a class outside fabric8's Kubernetes model
     */
    static String of(Class<?> type) {
        String javaName = type.getName();
        String exact = EXACT.get(javaName);
        if (exact != null) {
            return exact;
        }
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8_MODEL)) {
            if (META_TYPES.contains(simple)) {
                return META + simple;
            }
            if (APIREGISTRATION_TYPES.contains(simple)) {
                return "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1." + simple;
            }
            return CORE + simple;
        }
        if (!pkg.startsWith(FABRIC8_MODEL + ".") || type.getEnclosingClass() != null) {
            throw new IllegalArgumentException("not a Kubernetes model class: " + javaName);
        }
        String rest = pkg.substring(FABRIC8_MODEL.length() + 1);
        int dot = rest.lastIndexOf('.');
        String group = rest;
        String version = "v1";
        if (dot > 0 && VERSION.matcher(rest.substring(dot + 1)).matches()) {
            group = rest.substring(0, dot);
            version = rest.substring(dot + 1);
        }
        if (group.equals("apiextensions")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version + "." + simple;
        }
        return "io.k8s.api." + group + "." + version + "." + simple;
    }

    /** The definition name upstream gives a custom resource: reversed group, version, kind. */
    static String ofCustom(String group, String version, String kind) {
        String[] parts = group.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.append(version).append('.').append(kind).toString();
    }
}
