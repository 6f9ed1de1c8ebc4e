package dev.jube.apiserver.registry;

import static dev.jube.apiserver.registry.TableColumn.integer;
import static dev.jube.apiserver.registry.TableColumn.string;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor.NameRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The built-in kinds served so far, as descriptors. */
public final class BuiltinResources {

    private BuiltinResources() {}

    public static ResourceRegistry registry() {
        return new ResourceRegistry(descriptors());
    }

    public static List<ResourceDescriptor> descriptors() {
        List<ResourceDescriptor> d = new ArrayList<>();
        // core/v1
        d.add(ResourceDescriptor.builder("", "v1", "Namespace", "namespaces").shortNames("ns").clusterScoped()
                .statusSubresource().nameRule(NameRule.DNS1123_LABEL).strategy(new NamespaceStrategy())
                .returnDeletedObject()
                .column(string("Status", "The status of the namespace", Cells.path("", "status", "phase")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm")
                .column(integer("Data", "Number of data entries",
                        o -> (long) Cells.count("data").apply(o) + (long) Cells.count("binaryData").apply(o)))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Secret", "secrets")
                .column(string("Type", "The type of the secret", Cells.path("Opaque", "type")))
                .column(integer("Data", "Number of data entries", Cells.count("data")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "ServiceAccount", "serviceaccounts").shortNames("sa")
                .column(integer("Secrets", "Number of secrets", Cells.count("secrets")))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Pod", "pods").shortNames("po").categories("all")
                .statusSubresource().strategy(new PodStrategy()).returnDeletedObject()
                .column(string("Ready", "Ready containers / containers", BuiltinResources::podReady))
                .column(string("Status", "The aggregate status of the containers", BuiltinResources::podStatus))
                .column(integer("Restarts", "Container restarts", BuiltinResources::podRestarts))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("IP", "Pod IP", Cells.path("<none>", "status", "podIP")).wide())
                .column(string("Node", "Node name", Cells.path("<none>", "spec", "nodeName")).wide())
                .column(string("Nominated Node", "Nominated node",
                        Cells.path("<none>", "status", "nominatedNodeName")).wide())
                .column(string("Readiness Gates", "Readiness gates", o -> "<none>").wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Service", "services").shortNames("svc").categories("all")
                .statusSubresource().nameRule(NameRule.DNS1035_LABEL).strategy(new ServiceStrategy())
                .column(string("Type", "Service type", Cells.path("ClusterIP", "spec", "type")))
                .column(string("Cluster-IP", "Cluster IP", Cells.path("<none>", "spec", "clusterIP")))
                .column(string("External-IP", "External IPs", BuiltinResources::serviceExternalIps))
                .column(string("Port(s)", "Service ports", BuiltinResources::servicePorts))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("Selector", "Pod selector", Cells.keyValues("spec", "selector")).wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Endpoints", "endpoints").shortNames("ep").singular("endpoints")
                .column(string("Endpoints", "Endpoint addresses", BuiltinResources::endpointAddresses))
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Event", "events").shortNames("ev")
                .column(string("Last Seen", "Time since the last occurrence", BuiltinResources::eventLastSeen))
                .column(string("Type", "Event type", Cells.path("", "type")))
                .column(string("Reason", "Event reason", Cells.path("", "reason")))
                .column(string("Object", "Involved object", BuiltinResources::eventObject))
                .column(string("Message", "Event message", Cells.path("", "message")))
                .column(string(TableColumn.NAME, "Name", Cells.path("", "metadata", "name")).wide())
                .build());
        d.add(ResourceDescriptor.builder("", "v1", "Node", "nodes").shortNames("no").clusterScoped()
                .statusSubresource()
                .column(string("Status", "Node readiness", BuiltinResources::nodeStatus))
                .column(string("Roles", "Node roles", BuiltinResources::nodeRoles))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(string("Version", "Kubelet version", Cells.path("", "status", "nodeInfo", "kubeletVersion")))
                .build());
        // apps/v1
        d.add(workload("Deployment", "deployments", "deploy")
                .column(string("Ready", "Ready / desired replicas",
                        Cells.ratio(new String[] {"status", "readyReplicas"}, new String[] {"spec", "replicas"})))
                .column(integer("Up-to-date", "Updated replicas", Cells.number("status", "updatedReplicas")))
                .column(integer("Available", "Available replicas", Cells.number("status", "availableReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(workload("ReplicaSet", "replicasets", "rs")
                .column(integer("Desired", "Desired replicas", Cells.number("spec", "replicas")))
                .column(integer("Current", "Current replicas", Cells.number("status", "replicas")))
                .column(integer("Ready", "Ready replicas", Cells.number("status", "readyReplicas")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(workload("StatefulSet", "statefulsets", "sts")
                .column(string("Ready", "Ready / desired replicas",
                        Cells.ratio(new String[] {"status", "readyReplicas"}, new String[] {"spec", "replicas"})))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide())
                .build());
        d.add(workload("DaemonSet", "daemonsets", "ds")
                .column(integer("Desired", "", Cells.number("status", "desiredNumberScheduled")))
                .column(integer("Current", "", Cells.number("status", "currentNumberScheduled")))
                .column(integer("Ready", "", Cells.number("status", "numberReady")))
                .column(integer("Up-to-date", "", Cells.number("status", "updatedNumberScheduled")))
                .column(integer("Available", "", Cells.number("status", "numberAvailable")))
                .column(string("Node Selector", "", Cells.keyValues("spec", "template", "spec", "nodeSelector")))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        // batch/v1
        d.add(ResourceDescriptor.builder("batch", "v1", "Job", "jobs").categories("all").statusSubresource()
                .tracksGeneration()
                .column(string("Status", "Job status", BuiltinResources::jobStatus))
                .column(string("Completions", "Succeeded / completions", o -> Cells.number("status", "succeeded")
                        .apply(o) + "/" + Cells.path(1L, "spec", "completions").apply(o)))
                .column(string("Duration", "Run time", BuiltinResources::jobDuration))
                .column(string(TableColumn.AGE, "", o -> null))
                .column(containers().wide()).column(images().wide()).column(selector().wide())
                .build());
        d.add(ResourceDescriptor.builder("batch", "v1", "CronJob", "cronjobs").shortNames("cj").categories("all")
                .statusSubresource().tracksGeneration()
                .column(string("Schedule", "Cron schedule", Cells.path("", "spec", "schedule")))
                .column(string("Timezone", "Time zone", Cells.path("<none>", "spec", "timeZone")))
                .column(string("Suspend", "Suspended", o -> Boolean.TRUE.equals(
                        Cells.path(false, "spec", "suspend").apply(o)) ? "True" : "False"))
                .column(integer("Active", "Active jobs", Cells.count("status", "active")))
                .column(string("Last Schedule", "Time since the last schedule", o -> ageOf(o, "status", "lastScheduleTime")))
                .column(string(TableColumn.AGE, "", o -> null))
                .build());
        // coordination.k8s.io/v1
        d.add(ResourceDescriptor.builder("coordination.k8s.io", "v1", "Lease", "leases")
                .column(string("Holder", "Holder identity", Cells.path("", "spec", "holderIdentity")))
                .build());
        return d;
    }

    private static ResourceDescriptor.Builder workload(String kind, String resource, String shortName) {
        return ResourceDescriptor.builder("apps", "v1", kind, resource).shortNames(shortName).categories("all")
                .statusSubresource().tracksGeneration().strategy(new ReplicasDefaultingStrategy(kind));
    }

    private static TableColumn containers() {
        return string("Containers", "Container names", Cells.joined("name", "spec", "template", "spec", "containers"));
    }

    private static TableColumn images() {
        return string("Images", "Container images", Cells.joined("image", "spec", "template", "spec", "containers"));
    }

    private static TableColumn selector() {
        return string("Selector", "Label selector", Cells.keyValues("spec", "selector", "matchLabels"));
    }

    private static Object podReady(ObjectNode pod) {
        long total = Cells.count("spec", "containers").apply(pod) instanceof Long l ? l : 0;
        long ready = 0;
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                if (s.path("ready").asBoolean(false)) {
                    ready++;
                }
            }
        }
        return ready + "/" + total;
    }

    private static Object podStatus(ObjectNode pod) {
        if (Cells.at(pod, "metadata", "deletionTimestamp") != null) {
            return "Terminating";
        }
        String reason = pod.path("status").path("reason").asString("");
        if (reason.isEmpty()) {
            reason = pod.path("status").path("phase").asString("Pending");
        }
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                String waiting = s.path("state").path("waiting").path("reason").asString("");
                String terminated = s.path("state").path("terminated").path("reason").asString("");
                if (!waiting.isEmpty()) {
                    reason = waiting;
                } else if (!terminated.isEmpty()) {
                    reason = terminated;
                }
            }
        }
        return reason;
    }

    private static Object podRestarts(ObjectNode pod) {
        long restarts = 0;
        JsonNode statuses = Cells.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                restarts += s.path("restartCount").asLong(0);
            }
        }
        return restarts;
    }

    private static Object servicePorts(ObjectNode svc) {
        JsonNode ports = Cells.at(svc, "spec", "ports");
        List<String> out = new ArrayList<>();
        if (ports != null) {
            for (JsonNode p : ports) {
                String s = p.path("port").asString("");
                if (p.has("nodePort")) {
                    s += ":" + p.get("nodePort").asString();
                }
                out.add(s + "/" + p.path("protocol").asString("TCP"));
            }
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static Object serviceExternalIps(ObjectNode svc) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : svc.path("spec").path("externalIPs")) {
            ips.add(ip.asString());
        }
        for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress")) {
            ips.add(ing.path("ip").asString(ing.path("hostname").asString("")));
        }
        if (ips.isEmpty()) {
            return "LoadBalancer".equals(svc.path("spec").path("type").asString("")) ? "<pending>" : "<none>";
        }
        return String.join(",", ips);
    }

    private static Object endpointAddresses(ObjectNode ep) {
        List<String> out = new ArrayList<>();
        for (JsonNode subset : ep.path("subsets")) {
            for (JsonNode addr : subset.path("addresses")) {
                JsonNode ports = subset.path("ports");
                if (ports.isEmpty()) {
                    out.add(addr.path("ip").asString());
                }
                for (JsonNode port : ports) {
                    out.add(addr.path("ip").asString() + ":" + port.path("port").asString());
                }
            }
        }
        if (out.isEmpty()) {
            return "<none>";
        }
        return out.size() > 3 ? String.join(",", out.subList(0, 3)) + " + " + (out.size() - 3) + " more..."
                : String.join(",", out);
    }

    private static Object eventLastSeen(ObjectNode ev) {
        for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            String t = ev.path(field).asString("");
            if (!t.isEmpty()) {
                return HumanDuration.since(Instant.parse(t), Instant.now());
            }
        }
        return ageOf(ev, "metadata", "creationTimestamp");
    }

    private static Object eventObject(ObjectNode ev) {
        JsonNode io = ev.path("involvedObject");
        return io.path("kind").asString("").toLowerCase() + "/" + io.path("name").asString("");
    }

    private static Object nodeStatus(ObjectNode node) {
        String status = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                status = "True".equals(c.path("status").asString("")) ? "Ready" : "NotReady";
            }
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status += ",SchedulingDisabled";
        }
        return status;
    }

    private static Object nodeRoles(ObjectNode node) {
        List<String> roles = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
            }
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static Object jobStatus(ObjectNode job) {
        String status = "Running";
        for (JsonNode c : job.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asString(""))) {
                switch (c.path("type").asString("")) {
                    case "Complete" -> status = "Complete";
                    case "Failed" -> status = "Failed";
                    case "Suspended" -> status = "Suspended";
                    default -> { }
                }
            }
        }
        return status;
    }

    private static Object jobDuration(ObjectNode job) {
        String start = job.path("status").path("startTime").asString("");
        if (start.isEmpty()) {
            return "";
        }
        String end = job.path("status").path("completionTime").asString("");
        Instant until = end.isEmpty() ? Instant.now() : Instant.parse(end);
        return HumanDuration.format(java.time.Duration.between(Instant.parse(start), until));
    }

    private static String ageOf(ObjectNode obj, String... path) {
        JsonNode t = Cells.at(obj, path);
        return t == null || t.isNull() ? "<none>" : HumanDuration.since(Instant.parse(t.asString()), Instant.now());
    }

    /** Namespaces start Active. */
    static final class NamespaceStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            obj.putObject("status").put("phase", "Active");
        }
    }

    /** Pods start Pending; pods bound to a node are deleted gracefully (the node agent finishes). */
    static final class PodStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            obj.putObject("status").put("phase", "Pending");
        }

        @Override
        public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
            JsonNode containers = Cells.at(obj, "spec", "containers");
            if (containers == null || !containers.isArray() || containers.isEmpty()) {
                return List.of(FieldError.required("spec.containers", ""));
            }
            List<FieldError> errors = new ArrayList<>();
            int i = 0;
            for (JsonNode c : containers) {
                if (c.path("name").asString("").isEmpty()) {
                    errors.add(FieldError.required("spec.containers[" + i + "].name", ""));
                }
                if (c.path("image").asString("").isEmpty()) {
                    errors.add(FieldError.required("spec.containers[" + i + "].image", ""));
                }
                i++;
            }
            return errors;
        }

        @Override
        public long deletionGracePeriodSeconds(ResourceDescriptor d, ObjectNode pod, Long requested) {
            if (Cells.at(pod, "spec", "nodeName") == null) {
                return 0;
            }
            if (requested != null) {
                return Math.max(0, requested);
            }
            return pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        }
    }

    /** Services default to ClusterIP with no session affinity. */
    static final class ServiceStrategy extends GenericStrategy {
        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            ObjectNode spec = obj.get("spec") instanceof ObjectNode s ? s : obj.putObject("spec");
            if (!spec.has("type")) {
                spec.put("type", "ClusterIP");
            }
            if (!spec.has("sessionAffinity")) {
                spec.put("sessionAffinity", "None");
            }
        }
    }

    /** Workloads default to one replica, as upstream's defaulting does. */
    static final class ReplicasDefaultingStrategy extends GenericStrategy {
        private final String kind;

        ReplicasDefaultingStrategy(String kind) {
            this.kind = kind;
        }

        @Override
        public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
            super.prepareForCreate(d, obj);
            if (!"DaemonSet".equals(kind) && obj.get("spec") instanceof ObjectNode spec && !spec.has("replicas")) {
                spec.put("replicas", 1);
            }
        }

        @Override
        public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
            super.prepareForUpdate(d, obj, old);
            if (!"DaemonSet".equals(kind) && obj.get("spec") instanceof ObjectNode spec && !spec.has("replicas")) {
                spec.put("replicas", 1);
            }
        }
    }
}
