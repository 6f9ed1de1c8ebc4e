package dev.jube.apiserver.registry;

import dev.jube.api.table.BuiltinTables;
import dev.jube.api.table.CustomTables;
import dev.jube.api.table.DefaultTable;
import dev.jube.api.table.TableDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the generic handlers need to serve one kind: its names, scope, verbs, subresources,
 * strategy and table. Adding a kind to the API is adding one of these to the registry.
 */
public final class ResourceDescriptor {

    /** Every verb the generic handlers implement. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** Groups whose resources are stored as {@code /registry/<resource>/...}, as upstream does. */
    private static final Set<String> BUILTIN_GROUPS = Set.of(
            "", "apps", "batch", "coordination.k8s.io", "policy", "autoscaling", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "discovery.k8s.io", "events.k8s.io",
            "scheduling.k8s.io", "node.k8s.io", "certificates.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "flowcontrol.apiserver.k8s.io");

    private final String group;
    private final String version;
    private final String kind;
    private final String resource;
    private final String singular;
    private final List<String> shortNames;
    private final boolean namespaced;
    private final List<String> categories;
    private final List<String> verbs;
    private final Set<String> subresources;
    private final List<ActionSubresource> actions;
    private final Strategy strategy;
    private final TableDefinition table;
    private final NameRule nameRule;
    private final boolean tracksGeneration;
    private final boolean returnDeletedObject;
    private final String storageResource;
    private final Map<String, Function<ObjectNode, String>> selectableFields;
    private final String storageApiVersion;
    private final VersionConverter converter;
    private final ScalePaths scalePaths;
    private final String deprecationWarning;
    private final ObjectNode openApiSchema;

    /**
     * Where a custom resource keeps what its scale subresource reads and writes: JSON paths such
     * as {@code .spec.replicas}; {@code labelSelectorPath} may be null.
     */
    public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
        public static final ScalePaths WORKLOADS = new ScalePaths(".spec.replicas", ".status.replicas", null);
    }

    private ResourceDescriptor(Builder b) {
        this.group = b.group;
        this.version = Objects.requireNonNull(b.version, "version");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.resource = Objects.requireNonNull(b.resource, "resource");
        this.singular = b.singular != null ? b.singular : kind.toLowerCase();
        this.shortNames = List.copyOf(b.shortNames);
        this.namespaced = b.namespaced;
        this.categories = List.copyOf(b.categories);
        this.verbs = List.copyOf(b.verbs);
        this.subresources = Set.copyOf(b.subresources);
        this.actions = List.copyOf(b.actions);
        this.strategy = b.strategy != null ? b.strategy : new GenericStrategy();
        this.table = b.table != null ? b.table : BUILTIN_GROUPS.contains(group)
                ? BuiltinTables.definition(group, resource).orElse(DefaultTable.definition())
                : CustomTables.definition(null);
        this.nameRule = b.nameRule;
        this.tracksGeneration = b.tracksGeneration;
        this.returnDeletedObject = b.returnDeletedObject;
        String stored = b.storageResource != null ? b.storageResource : resource;
        this.storageResource = BUILTIN_GROUPS.contains(group) ? stored : group + "/" + stored;
        this.converter = b.converter;
        this.storageApiVersion = b.converter != null ? b.storageApiVersion : apiVersion();
        this.scalePaths = b.scalePaths;
        this.deprecationWarning = b.deprecationWarning;
        this.openApiSchema = b.openApiSchema;
        Map<String, Function<ObjectNode, String>> fields = SelectableFields.forKind(group, kind);
        fields.putAll(b.selectableFields);
        this.selectableFields = Collections.unmodifiableMap(fields);
    }

    public static Builder builder(String group, String version, String kind, String resource) {
        return new Builder(group, version, kind, resource);
    }

    public String group() { return group; }
    public String version() { return version; }
    public String kind() { return kind; }
    public String listKind() { return kind + "List"; }
    /** The plural resource name used in paths, e.g. {@code configmaps}. */
    public String resource() { return resource; }
    public String singular() { return singular; }
    public List<String> shortNames() { return shortNames; }
    public boolean namespaced() { return namespaced; }
    public List<String> categories() { return categories; }
    public List<String> verbs() { return verbs; }
    public Set<String> subresources() { return subresources; }
    /** Action subresources (eviction, token, log, ...), served by their own handlers, not the generic ones. */
    public List<ActionSubresource> actions() { return actions; }
    public Strategy strategy() { return strategy; }
    /** The columns and cells of this kind's Table (kubectl get): upstream's printer for built-in kinds. */
    public TableDefinition table() { return table; }
    public NameRule nameRule() { return nameRule; }
    /** Whether metadata.generation is kept (1 on create, +1 on every spec change). */
    public boolean tracksGeneration() { return tracksGeneration; }
    /** Whether DELETE answers with the deleted object rather than a Success Status. */
    public boolean returnDeletedObject() { return returnDeletedObject; }

    /** The fields {@code fieldSelector} accepts for this kind, each with how to read it from an object. */
    public Map<String, Function<ObjectNode, String>> selectableFields() { return selectableFields; }

    /** Whether this is one of Kubernetes' own kinds (rather than a custom resource). */
    public boolean builtin() {
        return BUILTIN_GROUPS.contains(group);
    }

    /** The apiVersion objects of this kind are stored in: another version's when this one is converted. */
    public String storageApiVersion() { return storageApiVersion; }

    /** Whether objects are stored in another version and converted on every read and write. */
    public boolean converts() { return converter != null; }

    /** The object as clients of this version see it; {@code stored} is not modified. */
    public ObjectNode served(ObjectNode stored) {
        if (converter == null) {
            return stored;
        }
        ObjectNode out = converter.fromStorage(stored.deepCopy());
        out.put("apiVersion", apiVersion());
        out.put("kind", kind);
        return out;
    }

    /** The object in the storage version; {@code served} is not modified. */
    public ObjectNode toStorage(ObjectNode served) {
        if (converter == null) {
            return served;
        }
        ObjectNode out = converter.toStorage(served.deepCopy());
        out.put("apiVersion", storageApiVersion);
        out.put("kind", kind);
        return out;
    }

    /** The paths the scale subresource uses; null for built-in kinds (spec.replicas, their own selector). */
    public ScalePaths scalePaths() { return scalePaths; }

    /** The Warning every request to this version gets (a deprecated custom resource version); null for none. */
    public String deprecationWarning() { return deprecationWarning; }

    /** The OpenAPI v3 schema of a custom resource version (its openAPIV3Schema); null when not known. */
    public ObjectNode openApiSchema() { return openApiSchema; }

    /** Whether {@code .../scale} reads and writes spec.replicas as an autoscaling/v1 Scale. */
    public boolean hasScale() {
        return subresources.contains("scale");
    }

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    public boolean allows(String verb) {
        return verbs.contains(verb);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code configmaps} or {@code deployments.apps}: the name upstream uses in messages. */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    /** The storage key prefix of every object of this kind, ending in a slash. */
    public String storagePrefix() {
        return "/registry/" + storageResource + "/";
    }

    /** The storage prefix of one namespace's objects (or of all, when namespace is null). */
    public String storagePrefix(String namespace) {
        return namespaced && namespace != null ? storagePrefix() + namespace + "/" : storagePrefix();
    }

    public String storageKey(String namespace, String name) {
        return storagePrefix(namespace) + name;
    }

    @Override
    public String toString() {
        return qualifiedResource() + "/" + version;
    }

    /** How object names of a kind are validated. */
    public enum NameRule { DNS1123_SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL, PATH_SEGMENT }

    public static final class Builder {
        private final String group;
        private String version;
        private String kind;
        private String resource;
        private String singular;
        private final List<String> shortNames = new ArrayList<>();
        private boolean namespaced = true;
        private final List<String> categories = new ArrayList<>();
        private List<String> verbs = ALL_VERBS;
        private final Set<String> subresources = new LinkedHashSet<>();
        private final List<ActionSubresource> actions = new ArrayList<>();
        private Strategy strategy;
        private TableDefinition table;
        private NameRule nameRule = NameRule.DNS1123_SUBDOMAIN;
        private boolean tracksGeneration;
        private boolean returnDeletedObject;
        private final Map<String, Function<ObjectNode, String>> selectableFields = new LinkedHashMap<>();
        private String storageResource;
        private String storageApiVersion;
        private VersionConverter converter;
        private ScalePaths scalePaths;
        private String deprecationWarning;
        private ObjectNode openApiSchema;

        private Builder(String group, String version, String kind, String resource) {
            this.group = Objects.requireNonNull(group, "group");
            this.version = version;
            this.kind = kind;
            this.resource = resource;
        }

        public Builder singular(String s) { this.singular = s; return this; }
        public Builder shortNames(String... names) { shortNames.addAll(List.of(names)); return this; }
        public Builder clusterScoped() { this.namespaced = false; return this; }
        public Builder categories(String... c) { categories.addAll(List.of(c)); return this; }
        public Builder verbs(String... v) { this.verbs = List.of(v); return this; }
        public Builder statusSubresource() { subresources.add("status"); return this; }
        /** The finalize subresource (namespaces): an update of spec.finalizers only. */
        public Builder finalizeSubresource() { subresources.add("finalize"); return this; }
        /** Action subresources, listed in discovery; their handlers are routed by the dispatcher. */
        public Builder actions(ActionSubresource... a) { actions.addAll(List.of(a)); return this; }
        public Builder strategy(Strategy s) { this.strategy = s; return this; }
        /** The Table of this kind, e.g. from a CRD's additionalPrinterColumns; built-in kinds have upstream's. */
        public Builder table(TableDefinition t) { this.table = t; return this; }
        public Builder nameRule(NameRule r) { this.nameRule = r; return this; }
        public Builder tracksGeneration() { this.tracksGeneration = true; return this; }
        public Builder returnDeletedObject() { this.returnDeletedObject = true; return this; }
        /** A field selector field beyond the metadata ones and upstream's built-in ones (e.g. a CRD's selectableFields). */
        public Builder selectableField(String field, Function<ObjectNode, String> value) {
            selectableFields.put(field, value);
            return this;
        }

        public Builder scaleSubresource() { subresources.add("scale"); return this; }

        /** A scale subresource reading and writing the given paths (custom resources). */
        public Builder scaleSubresource(ScalePaths paths) {
            subresources.add("scale");
            this.scalePaths = Objects.requireNonNull(paths, "paths");
            return this;
        }

        public Builder shortNames(List<String> names) { shortNames.addAll(names); return this; }
        public Builder categories(List<String> c) { categories.addAll(c); return this; }
        /** Marks this version deprecated: every response carries {@code warning} in a Warning header. */
        public Builder deprecated(String warning) { this.deprecationWarning = warning; return this; }
        /** The schema published in OpenAPI for this version (a custom resource's openAPIV3Schema). */
        public Builder openApiSchema(ObjectNode schema) { this.openApiSchema = schema; return this; }

        /**
         * Serves this version from objects stored as {@code storageApiVersion} under another
         * resource's keys (e.g. events.k8s.io events in core events' storage), converting both ways.
         */
        public Builder storedAs(String storageResource, String storageApiVersion, VersionConverter converter) {
            this.storageResource = storageResource;
            this.storageApiVersion = Objects.requireNonNull(storageApiVersion, "storageApiVersion");
            this.converter = Objects.requireNonNull(converter, "converter");
            return this;
        }

        public ResourceDescriptor build() {
            return new ResourceDescriptor(this);
        }
    }
}
