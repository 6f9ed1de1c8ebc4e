package dev.jube.api.table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of the built-in resources, keyed by API group and plural resource name; the
 * columns, priorities and cells of upstream's printers, so that {@code kubectl get} prints
 * what it prints against a real cluster.
 *
 * <p>Resources that upstream serves with its generic NAME / CREATED AT table (roles, cluster
 * roles, limit ranges, CustomResourceDefinitions) map to {@link DefaultTable#definition()}.
 * Unknown resources give an empty Optional; callers then use {@link DefaultTable}.
 */
public final class BuiltinTables {

    private static final Map<String, TableDefinition> TABLES = build();

    private BuiltinTables() {
    }

    /**
     * The table of a built-in resource.
     *
     * @param group    API group, "" for the core group (pods, services, ...)
     * @param resource plural resource name, e.g. "deployments"
     */
    public static Optional<TableDefinition> definition(String group, String resource) {
        return Optional.ofNullable(TABLES.get(key(group, resource)));
    }

    /** The columns of a built-in resource's table, all priorities included. */
    public static Optional<List<TableColumn>> columns(String group, String resource) {
        return definition(group, resource).map(TableDefinition::columns);
    }

    private static String key(String group, String resource) {
        return (group == null ? "" : group) + "/" + resource;
    }

    private static Map<String, TableDefinition> build() {
        Map<String, TableDefinition> all = new HashMap<>();
        add(all, "", CoreTables::register);
        add(all, "apps", WorkloadTables::registerApps);
        add(all, "batch", WorkloadTables::registerBatch);
        add(all, "autoscaling", WorkloadTables::registerAutoscaling);
        add(all, "policy", WorkloadTables::registerPolicy);
        add(all, "networking.k8s.io", NetworkTables::registerNetworking);
        add(all, "discovery.k8s.io", NetworkTables::registerDiscovery);
        add(all, "events.k8s.io", t -> t.put("events", EventTable.definition()));
        add(all, "storage.k8s.io", StorageTables::register);
        add(all, "rbac.authorization.k8s.io", ClusterTables::registerRbac);
        add(all, "coordination.k8s.io", ClusterTables::registerCoordination);
        add(all, "scheduling.k8s.io", ClusterTables::registerScheduling);
        add(all, "node.k8s.io", ClusterTables::registerNode);
        add(all, "certificates.k8s.io", ClusterTables::registerCertificates);
        add(all, "admissionregistration.k8s.io", ClusterTables::registerAdmission);
        add(all, "flowcontrol.apiserver.k8s.io", ClusterTables::registerFlowControl);
        add(all, "apiextensions.k8s.io", ClusterTables::registerApiExtensions);
        add(all, "apiregistration.k8s.io", ClusterTables::registerApiRegistration);
        return Map.copyOf(all);
    }

    private static void add(Map<String, TableDefinition> all, String group,
                            java.util.function.Consumer<Map<String, TableDefinition>> registrar) {
        Map<String, TableDefinition> byResource = new HashMap<>();
        registrar.accept(byResource);
        byResource.forEach((resource, def) -> all.put(key(group, resource), def));
    }
}
