package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.size;
import static dev.jube.api.table.Fields.str;
import static dev.jube.api.table.TableColumn.ageColumn;
import static dev.jube.api.table.TableColumn.nameColumn;
import static dev.jube.api.table.TableColumn.of;
import static dev.jube.api.table.TableColumn.wide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Tables of the core ("") group, except pods (see {@link PodTable}). */
final class CoreTables {

    static final String CONTAINERS_DESCRIPTION = "Names of each container in the template.";
    static final String IMAGES_DESCRIPTION = "Images referenced by each container in the template.";

    private CoreTables() {
    }

    static void register(Map<String, TableDefinition> tables) {
        tables.put("pods", PodTable.definition());
        tables.put("podtemplates", podTemplates());
        tables.put("replicationcontrollers", replicationControllers());
        tables.put("services", services());
        tables.put("endpoints", endpoints());
        tables.put("nodes", nodes());
        tables.put("events", EventTable.definition());
        tables.put("namespaces", TableDefinition.of(nameColumn(),
                of("Status", "string", "The status of the namespace",
                        (o, now) -> Formats.orDefault(str(o, "status", "phase"), "Active")),
                ageColumn()));
        tables.put("secrets", TableDefinition.of(nameColumn(),
                of("Type", "string", "Used to facilitate programmatic handling of secret data.",
                        (o, now) -> Formats.orDefault(str(o, "type"), "Opaque")),
                of("Data", "string", "The number of data entries of the secret.",
                        (o, now) -> (long) size(o, "data")),
                ageColumn()));
        tables.put("serviceaccounts", TableDefinition.of(nameColumn(),
                of("Secrets", "string", "The number of secrets the service account lists.",
                        (o, now) -> (long) size(o, "secrets")),
                ageColumn()));
        tables.put("configmaps", TableDefinition.of(nameColumn(),
                of("Data", "string", "The number of data and binaryData entries of the config map.",
                        (o, now) -> (long) (size(o, "data") + size(o, "binaryData"))),
                ageColumn()));
        tables.put("persistentvolumes", persistentVolumes());
        tables.put("persistentvolumeclaims", persistentVolumeClaims());
        tables.put("resourcequotas", resourceQuotas());
        tables.put("componentstatuses", componentStatuses());
        tables.put("limitranges", DefaultTable.definition());
    }

    private static TableDefinition podTemplates() {
        return TableDefinition.of(nameColumn(),
                of("Containers", "string", CONTAINERS_DESCRIPTION,
                        (o, now) -> Formats.containerNames(at(o, "template", "spec", "containers"))),
                of("Images", "string", IMAGES_DESCRIPTION,
                        (o, now) -> Formats.containerImages(at(o, "template", "spec", "containers"))),
                of("Pod Labels", "string", "The labels for the pod template.",
                        (o, now) -> Formats.labels(at(o, "template", "metadata", "labels"))));
    }

    private static TableDefinition replicationControllers() {
        return TableDefinition.of(nameColumn(),
                of("Desired", "integer", "The number of desired replicas.",
                        (o, now) -> num(o, 1, "spec", "replicas")),
                of("Current", "integer", "The most recently observed number of replicas.",
                        (o, now) -> num(o, "status", "replicas")),
                of("Ready", "integer", "The number of ready replicas.",
                        (o, now) -> num(o, "status", "readyReplicas")),
                ageColumn(),
                wide("Containers", "string", CONTAINERS_DESCRIPTION,
                        (o, now) -> Formats.containerNames(at(o, "spec", "template", "spec", "containers"))),
                wide("Images", "string", IMAGES_DESCRIPTION,
                        (o, now) -> Formats.containerImages(at(o, "spec", "template", "spec", "containers"))),
                wide("Selector", "string", "Label query over pods that should match the replica count.",
                        (o, now) -> Formats.labels(at(o, "spec", "selector"))));
    }

    private static TableDefinition services() {
        return TableDefinition.of(nameColumn(),
                of("Type", "string", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.",
                        (o, now) -> serviceType(o)),
                of("Cluster-IP", "string", "The IP address of the service inside the cluster.",
                        (o, now) -> clusterIp(o)),
                of("External-IP", "string", "The addresses the service is reachable at from outside the cluster.",
                        (o, now) -> externalIp(o)),
                of("Port(s)", "string", "The ports the service exposes.", (o, now) -> servicePorts(o)),
                ageColumn(),
                wide("Selector", "string", "Labels of the pods traffic is routed to.",
                        (o, now) -> Formats.labels(at(o, "spec", "selector"))));
    }

    static String serviceType(JsonNode svc) {
        return Formats.orDefault(str(svc, "spec", "type"), "ClusterIP");
    }

    static String clusterIp(JsonNode svc) {
        List<JsonNode> ips = list(svc, "spec", "clusterIPs");
        String ip = ips.isEmpty() ? str(svc, "spec", "clusterIP") : ips.get(0).asString();
        return Formats.orDefault(ip, Formats.NONE);
    }

    static String externalIp(JsonNode svc) {
        List<String> externalIps = new ArrayList<>();
        list(svc, "spec", "externalIPs").forEach(n -> externalIps.add(n.asString()));
        switch (serviceType(svc)) {
            case "ClusterIP", "NodePort" -> {
                return externalIps.isEmpty() ? Formats.NONE : String.join(",", externalIps);
            }
            case "LoadBalancer" -> {
                String lb = loadBalancerAddresses(at(svc, "status", "loadBalancer"));
                if (!externalIps.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(externalIps);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return str(svc, "spec", "externalName");
            }
            default -> {
                return Formats.UNKNOWN;
            }
        }
    }

    /** Sorted, de-duplicated ingress IPs (or hostnames when no IP); never clipped, the server prints wide. */
    static String loadBalancerAddresses(JsonNode loadBalancerStatus) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ingress : list(loadBalancerStatus, "ingress")) {
            String ip = str(ingress, "ip");
            String host = str(ingress, "hostname");
            if (!ip.isEmpty()) {
                result.add(ip);
            } else if (!host.isEmpty()) {
                result.add(host);
            }
        }
        return String.join(",", result);
    }

    /** "80/TCP,443:30443/TCP"; "&lt;none&gt;" without ports. */
    static String servicePorts(JsonNode svc) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode p : list(svc, "spec", "ports")) {
            String protocol = Formats.orDefault(str(p, "protocol"), "TCP");
            long nodePort = num(p, "nodePort");
            pieces.add(nodePort > 0 ? num(p, "port") + ":" + nodePort + "/" + protocol
                    : num(p, "port") + "/" + protocol);
        }
        return pieces.isEmpty() ? Formats.NONE : String.join(",", pieces);
    }

    private static TableDefinition endpoints() {
        return TableDefinition.of(nameColumn(),
                of("Endpoints", "string", "The ready addresses and ports of the endpoints.",
                        (o, now) -> formatEndpoints(o)),
                ageColumn());
    }

    /** Up to three ready "ip:port" (or bare IPs for port-less subsets), then "+ N more...". */
    static String formatEndpoints(JsonNode endpoints) {
        List<JsonNode> subsets = list(endpoints, "subsets");
        if (subsets.isEmpty()) {
            return Formats.NONE;
        }
        final int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = list(ss, "addresses");
            List<JsonNode> ports = list(ss, "ports");
            if (ports.isEmpty()) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(str(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(Formats.hostPort(str(a, "ip"), num(port, "port")));
                }
            }
        }
        String joined = String.join(",", shown);
        return more ? joined + " + " + (count - max) + " more..." : joined;
    }

    private static TableDefinition nodes() {
        return TableDefinition.of(nameColumn(),
                of("Status", "string", "The status of the node", (o, now) -> nodeStatus(o)),
                of("Roles", "string", "The roles of the node", (o, now) -> nodeRoles(o)),
                ageColumn(),
                of("Version", "string", "Kubelet version reported by the node.",
                        (o, now) -> str(o, "status", "nodeInfo", "kubeletVersion")),
                wide("Internal-IP", "string", "The node's first InternalIP address.",
                        (o, now) -> nodeAddress(o, "InternalIP")),
                wide("External-IP", "string", "The node's first ExternalIP address.",
                        (o, now) -> nodeAddress(o, "ExternalIP")),
                wide("OS-Image", "string", "OS image reported by the node.",
                        (o, now) -> Formats.orDefault(str(o, "status", "nodeInfo", "osImage"), Formats.UNKNOWN)),
                wide("Kernel-Version", "string", "Kernel version reported by the node.",
                        (o, now) -> Formats.orDefault(str(o, "status", "nodeInfo", "kernelVersion"), Formats.UNKNOWN)),
                wide("Container-Runtime", "string", "Container runtime and version reported by the node.",
                        (o, now) -> Formats.orDefault(str(o, "status", "nodeInfo", "containerRuntimeVersion"),
                                Formats.UNKNOWN)));
    }

    /** "Ready", "NotReady" or "Unknown", then ",SchedulingDisabled" when cordoned. */
    static String nodeStatus(JsonNode node) {
        JsonNode ready = null;
        for (JsonNode c : list(node, "status", "conditions")) {
            if ("Ready".equals(str(c, "type"))) {
                ready = c; // the last one wins, as with upstream's map
            }
        }
        String status = ready == null ? "Unknown" : "True".equals(str(ready, "status")) ? "Ready" : "NotReady";
        if (Fields.bool(node, "spec", "unschedulable")) {
            status += ",SchedulingDisabled";
        }
        return status;
    }

    /** Roles from node-role.kubernetes.io/ROLE label keys and kubernetes.io/role values, sorted. */
    static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        JsonNode labels = at(node, "metadata", "labels");
        if (labels.isObject()) {
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                String key = e.getKey();
                String value = e.getValue().asString();
                if (key.startsWith("node-role.kubernetes.io/")) {
                    String role = key.substring("node-role.kubernetes.io/".length());
                    if (!role.isEmpty()) {
                        roles.add(role);
                    }
                } else if ("kubernetes.io/role".equals(key) && !value.isEmpty()) {
                    roles.add(value);
                }
            }
        }
        return roles.isEmpty() ? Formats.NONE : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : list(node, "status", "addresses")) {
            if (type.equals(str(a, "type"))) {
                return str(a, "address");
            }
        }
        return Formats.NONE;
    }

    private static TableDefinition persistentVolumes() {
        return TableDefinition.of(nameColumn(),
                of("Capacity", "string", "The capacity of the volume.",
                        (o, now) -> Formats.quantity(at(o, "spec", "capacity", "storage"))),
                of("Access Modes", "string", "The ways the volume can be mounted.",
                        (o, now) -> Formats.accessModes(at(o, "spec", "accessModes"))),
                of("Reclaim Policy", "string", "What happens to the volume when released from its claim.",
                        (o, now) -> Formats.orDefault(str(o, "spec", "persistentVolumeReclaimPolicy"), "Retain")),
                of("Status", "string", "The phase of the volume.", (o, now) -> has(o, "metadata", "deletionTimestamp")
                        ? "Terminating" : Formats.orDefault(str(o, "status", "phase"), "Pending")),
                of("Claim", "string", "The claim bound to the volume, as namespace/name.", (o, now) ->
                        has(o, "spec", "claimRef")
                                ? str(o, "spec", "claimRef", "namespace") + "/" + str(o, "spec", "claimRef", "name")
                                : ""),
                of("StorageClass", "string", "StorageClass of the pv", (o, now) -> volumeClass(o)),
                of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv",
                        (o, now) -> Formats.orDefault(str(o, "spec", "volumeAttributesClassName"), Formats.UNSET)),
                of("Reason", "string", "Reason the volume is in its phase.", (o, now) -> str(o, "status", "reason")),
                ageColumn(),
                wide("VolumeMode", "string", "Whether the volume is a filesystem or a raw block device.",
                        (o, now) -> Formats.orDefault(str(o, "spec", "volumeMode"), "Filesystem")));
    }

    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    /** The beta annotation wins over spec.storageClassName, as upstream's helper does. */
    static String volumeClass(JsonNode obj) {
        if (has(obj, "metadata", "annotations", BETA_STORAGE_CLASS)) {
            return str(obj, "metadata", "annotations", BETA_STORAGE_CLASS);
        }
        return str(obj, "spec", "storageClassName");
    }

    private static TableDefinition persistentVolumeClaims() {
        return TableDefinition.of(nameColumn(),
                of("Status", "string", "The phase of the claim.", (o, now) -> has(o, "metadata", "deletionTimestamp")
                        ? "Terminating" : Formats.orDefault(str(o, "status", "phase"), "Pending")),
                of("Volume", "string", "The volume bound to the claim.", (o, now) -> str(o, "spec", "volumeName")),
                of("Capacity", "string", "The capacity of the bound volume.", (o, now) ->
                        str(o, "spec", "volumeName").isEmpty() ? ""
                                : Formats.quantity(at(o, "status", "capacity", "storage"))),
                of("Access Modes", "string", "The access modes of the bound volume.", (o, now) ->
                        str(o, "spec", "volumeName").isEmpty() ? ""
                                : Formats.accessModes(at(o, "status", "accessModes"))),
                of("StorageClass", "string", "StorageClass of the pvc", (o, now) -> volumeClass(o)),
                of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc",
                        (o, now) -> Formats.orDefault(str(o, "spec", "volumeAttributesClassName"), Formats.UNSET)),
                ageColumn(),
                wide("VolumeMode", "string", "Whether the claim wants a filesystem or a raw block device.",
                        (o, now) -> Formats.orDefault(str(o, "spec", "volumeMode"), "Filesystem")));
    }

    private static TableDefinition resourceQuotas() {
        return TableDefinition.of(nameColumn(),
                of("Request", "string",
                        "Request represents a minimum amount of cpu/memory that a container may consume.",
                        (o, now) -> quotaUsage(o, false)),
                of("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use "
                        + "independent of contention on the node.", (o, now) -> quotaUsage(o, true)),
                ageColumn());
    }

    /** "pods: 1/10, requests.cpu: 0/4" over status.hard, sorted; limits.* resources go to the limit column. */
    static String quotaUsage(JsonNode quota, boolean limits) {
        Map<String, JsonNode> hard = new TreeMap<>();
        JsonNode hardNode = at(quota, "status", "hard");
        if (hardNode.isObject()) {
            hardNode.properties().forEach(e -> hard.put(e.getKey(), e.getValue()));
        }
        List<String> parts = new ArrayList<>();
        hard.forEach((resource, hardQuantity) -> {
            String[] pieces = resource.split("\\.", -1);
            boolean isLimit = pieces.length > 1 && "limits".equals(pieces[0]);
            if (isLimit == limits) {
                parts.add(resource + ": " + Formats.quantity(at(quota, "status", "used", resource)) + "/"
                        + Formats.quantity(hardQuantity));
            }
        });
        return String.join(", ", parts);
    }

    private static TableDefinition componentStatuses() {
        return TableDefinition.of(nameColumn(),
                of("Status", "string", "Status of the component conditions", (o, now) -> componentField(o, 0)),
                of("Message", "string", "Message of the component conditions", (o, now) -> componentField(o, 1)),
                of("Error", "string", "Error of the component conditions", (o, now) -> componentField(o, 2)));
    }

    private static String componentField(JsonNode cs, int which) {
        for (JsonNode c : list(cs, "conditions")) {
            if ("Healthy".equals(str(c, "type"))) {
                return switch (which) {
                    case 0 -> "True".equals(str(c, "status")) ? "Healthy" : "Unhealthy";
                    case 1 -> str(c, "message");
                    default -> str(c, "error");
                };
            }
        }
        return which == 0 ? "Unknown" : "";
    }
}
