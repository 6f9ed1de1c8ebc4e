package dev.jube.api.table;

import static dev.jube.api.table.CoreTables.CONTAINERS_DESCRIPTION;
import static dev.jube.api.table.CoreTables.IMAGES_DESCRIPTION;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Tables of the apps, batch, autoscaling and policy groups. Fields that upstream's API defaulting
 * always sets (replicas, suspend, minReplicas) read as their default when absent.
 */
final class WorkloadTables {

    private WorkloadTables() {
    }

    static void registerApps(Map<String, TableDefinition> tables) {
        tables.put("deployments", deployments());
        tables.put("replicasets", replicaSets());
        tables.put("statefulsets", statefulSets());
        tables.put("daemonsets", daemonSets());
        tables.put("controllerrevisions", controllerRevisions());
    }

    static void registerBatch(Map<String, TableDefinition> tables) {
        tables.put("jobs", jobs());
        tables.put("cronjobs", cronJobs());
    }

    private static TableColumn containers(String... templateSpec) {
        return wide("Containers", "string", CONTAINERS_DESCRIPTION,
                (o, now) -> Formats.containerNames(at(at(o, templateSpec), "containers")));
    }

    private static TableColumn images(String... templateSpec) {
        return wide("Images", "string", IMAGES_DESCRIPTION,
                (o, now) -> Formats.containerImages(at(at(o, templateSpec), "containers")));
    }

    private static TableColumn selector(String description, String... path) {
        return wide("Selector", "string", description, (o, now) -> Formats.labelSelector(at(o, path)));
    }

    private static TableDefinition deployments() {
        return TableDefinition.of(nameColumn(),
                of("Ready", "string", "Number of the pod with ready state",
                        (o, now) -> num(o, "status", "readyReplicas") + "/" + num(o, 1, "spec", "replicas")),
                of("Up-to-date", "string", "Total number of pods targeted by the deployment that have the "
                        + "desired template.", (o, now) -> num(o, "status", "updatedReplicas")),
                of("Available", "string", "Total number of available pods (ready for at least minReadySeconds).",
                        (o, now) -> num(o, "status", "availableReplicas")),
                ageColumn(),
                containers("spec", "template", "spec"),
                images("spec", "template", "spec"),
                wide("Selector", "string", "Label selector for pods.",
                        (o, now) -> Formats.selectorOrInvalid(at(o, "spec", "selector"))));
    }

    private static TableDefinition replicaSets() {
        return TableDefinition.of(nameColumn(),
                of("Desired", "integer", "The number of desired replicas.",
                        (o, now) -> num(o, 1, "spec", "replicas")),
                of("Current", "integer", "The most recently observed number of replicas.",
                        (o, now) -> num(o, "status", "replicas")),
                of("Ready", "integer", "The number of ready replicas.",
                        (o, now) -> num(o, "status", "readyReplicas")),
                ageColumn(),
                containers("spec", "template", "spec"),
                images("spec", "template", "spec"),
                selector("Label query over pods that should match the replica count.", "spec", "selector"));
    }

    private static TableDefinition statefulSets() {
        return TableDefinition.of(nameColumn(),
                of("Ready", "string", "Number of the pod with ready state",
                        (o, now) -> num(o, "status", "readyReplicas") + "/" + num(o, 1, "spec", "replicas")),
                ageColumn(),
                containers("spec", "template", "spec"),
                images("spec", "template", "spec"));
    }

    private static TableDefinition daemonSets() {
        return TableDefinition.of(nameColumn(),
                of("Desired", "integer", "The number of nodes that should be running the daemon pod.",
                        (o, now) -> num(o, "status", "desiredNumberScheduled")),
                of("Current", "integer", "The number of nodes running at least one daemon pod that should.",
                        (o, now) -> num(o, "status", "currentNumberScheduled")),
                of("Ready", "integer", "The number of nodes with a ready daemon pod.",
                        (o, now) -> num(o, "status", "numberReady")),
                of("Up-to-date", "integer", "The number of nodes running the updated daemon pod.",
                        (o, now) -> num(o, "status", "updatedNumberScheduled")),
                of("Available", "integer", "The number of nodes with an available daemon pod.",
                        (o, now) -> num(o, "status", "numberAvailable")),
                of("Node Selector", "string", "Labels a node must have to run the daemon pod.",
                        (o, now) -> Formats.labels(at(o, "spec", "template", "spec", "nodeSelector"))),
                ageColumn(),
                containers("spec", "template", "spec"),
                images("spec", "template", "spec"),
                selector("Label query over pods that are managed by the daemon set.", "spec", "selector"));
    }

    private static TableDefinition controllerRevisions() {
        return TableDefinition.of(nameColumn(),
                of("Controller", "string", "Controller of the object", (o, now) -> controllerOf(o)),
                of("Revision", "string", "The revision this object represents.",
                        (o, now) -> num(o, "revision")),
                ageColumn());
    }

    /** The controlling owner as "kind.group/name" in lower case ("daemonset.apps/fluentd"). */
    static String controllerOf(JsonNode obj) {
        for (JsonNode ref : list(obj, "metadata", "ownerReferences")) {
            if (!Fields.bool(ref, "controller")) {
                continue;
            }
            String apiVersion = str(ref, "apiVersion");
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String kind = str(ref, "kind");
            if (kind.isEmpty() && group.isEmpty()) {
                return str(ref, "name");
            }
            String groupKind = group.isEmpty() ? kind : kind + "." + group;
            return groupKind.toLowerCase(Locale.ROOT) + "/" + str(ref, "name");
        }
        return Formats.NONE;
    }

    private static TableDefinition jobs() {
        return TableDefinition.of(nameColumn(),
                of("Status", "string", "Status of the job.", (o, now) -> jobStatus(o)),
                of("Completions", "string", "The number of pods which reached phase Succeeded.",
                        (o, now) -> jobCompletions(o)),
                of("Duration", "string", "Time required to complete the job.", (o, now) -> jobDuration(o, now)),
                ageColumn(),
                containers("spec", "template", "spec"),
                images("spec", "template", "spec"),
                selector("A label query over pods that should match the pod count.", "spec", "selector"));
    }

    static String jobCompletions(JsonNode job) {
        long succeeded = num(job, "status", "succeeded");
        if (has(job, "spec", "completions")) {
            return succeeded + "/" + num(job, "spec", "completions");
        }
        long parallelism = num(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    static String jobDuration(JsonNode job, Instant now) {
        Instant start = Fields.time(job, "status", "startTime");
        if (start == null) {
            return "";
        }
        Instant end = Fields.time(job, "status", "completionTime");
        return Durations.human(Duration.between(start, end == null ? now : end));
    }

    static String jobStatus(JsonNode job) {
        if (jobCondition(job, "Complete")) {
            return "Complete";
        } else if (jobCondition(job, "Failed")) {
            return "Failed";
        } else if (has(job, "metadata", "deletionTimestamp")) {
            return "Terminating";
        } else if (jobCondition(job, "Suspended")) {
            return "Suspended";
        } else if (jobCondition(job, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** The first condition of the type decides, as upstream's hasJobCondition. */
    private static boolean jobCondition(JsonNode job, String type) {
        for (JsonNode c : list(job, "status", "conditions")) {
            if (type.equals(str(c, "type"))) {
                return "True".equals(str(c, "status"));
            }
        }
        return false;
    }

    private static TableDefinition cronJobs() {
        String[] podSpec = {"spec", "jobTemplate", "spec", "template", "spec"};
        return TableDefinition.of(nameColumn(),
                of("Schedule", "string", "The schedule in Cron format.", (o, now) -> str(o, "spec", "schedule")),
                of("Timezone", "string", "The time zone name for the given schedule.",
                        (o, now) -> has(o, "spec", "timeZone") ? str(o, "spec", "timeZone") : Formats.NONE),
                new TableColumn("Suspend", "boolean", "", "Whether subsequent executions are suspended.", 0,
                        (o, now) -> Formats.bool(Fields.bool(o, "spec", "suspend"))),
                of("Active", "integer", "The number of currently running jobs.",
                        (o, now) -> (long) size(o, "status", "active")),
                of("Last Schedule", "string", "When the job was last successfully scheduled.",
                        (o, now) -> has(o, "status", "lastScheduleTime")
                                ? Durations.since(Fields.time(o, "status", "lastScheduleTime"), now) : Formats.NONE),
                ageColumn(),
                containers(podSpec),
                images(podSpec),
                selector("A label query over pods that should match the pod count.",
                        "spec", "jobTemplate", "spec", "selector"));
    }

    static void registerAutoscaling(Map<String, TableDefinition> tables) {
        tables.put("horizontalpodautoscalers", TableDefinition.of(nameColumn(),
                of("Reference", "string", "The target resource scaled by the autoscaler.",
                        (o, now) -> str(o, "spec", "scaleTargetRef", "kind") + "/"
                                + str(o, "spec", "scaleTargetRef", "name")),
                of("Targets", "string", "The metrics and targets used to compute the desired replica count.",
                        (o, now) -> HpaTargets.format(o)),
                of("MinPods", "string", "The lower limit for the number of replicas.",
                        (o, now) -> Long.toString(num(o, 1, "spec", "minReplicas"))),
                of("MaxPods", "string", "The upper limit for the number of replicas.",
                        (o, now) -> num(o, "spec", "maxReplicas")),
                of("Replicas", "string", "The current number of replicas.",
                        (o, now) -> num(o, "status", "currentReplicas")),
                ageColumn()));
    }

    static void registerPolicy(Map<String, TableDefinition> tables) {
        tables.put("poddisruptionbudgets", TableDefinition.of(nameColumn(),
                of("Min Available", "string", "The minimum number of pods that must be available.",
                        (o, now) -> has(o, "spec", "minAvailable")
                                ? Formats.intOrString(at(o, "spec", "minAvailable")) : "N/A"),
                of("Max Unavailable", "string", "The maximum number of pods that may be unavailable.",
                        (o, now) -> has(o, "spec", "maxUnavailable")
                                ? Formats.intOrString(at(o, "spec", "maxUnavailable")) : "N/A"),
                of("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time.",
                        (o, now) -> num(o, "status", "disruptionsAllowed")),
                ageColumn()));
    }
}
