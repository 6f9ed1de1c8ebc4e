package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.str;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The pod table: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES.
 * STATUS, READY and RESTARTS follow upstream's printPod case by case.
 */
final class PodTable {

    /** Pod reason set by the node lifecycle controller when a node stopped reporting. */
    static final String NODE_LOST = "NodeLost";

    private static final List<RowCondition> SUCCEEDED = List.of(new RowCondition(
            "Completed", "True", "Succeeded", "The pod has completed successfully."));
    private static final List<RowCondition> FAILED = List.of(new RowCondition(
            "Completed", "True", "Failed", "The pod failed."));

    private PodTable() {
    }

    static TableDefinition definition() {
        return TableDefinition.of(
                TableColumn.nameColumn(),
                TableColumn.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.",
                        (o, now) -> summarize(o, now).ready()),
                TableColumn.of("Status", "string", "The aggregate status of the containers in this pod.",
                        (o, now) -> summarize(o, now).status()),
                TableColumn.of("Restarts", "string", "The number of times the containers in this pod have been "
                        + "restarted and when the last container in this pod has restarted.",
                        (o, now) -> summarize(o, now).restarts()),
                TableColumn.ageColumn(),
                TableColumn.wide("IP", "string", "The IP address allocated to the pod.", (o, now) -> podIp(o)),
                TableColumn.wide("Node", "string", "The node the pod is scheduled onto.",
                        (o, now) -> Formats.orDefault(str(o, "spec", "nodeName"), Formats.NONE)),
                TableColumn.wide("Nominated Node", "string",
                        "The node on which the pod may run once preemption of other pods completes.",
                        (o, now) -> Formats.orDefault(str(o, "status", "nominatedNodeName"), Formats.NONE)),
                TableColumn.wide("Readiness Gates", "string",
                        "Pod conditions that must be true, besides container readiness, for the pod to be ready.",
                        (o, now) -> readinessGates(o)))
                .withRowConditions(PodTable::rowConditions);
    }

    static List<RowCondition> rowConditions(JsonNode pod) {
        return switch (str(pod, "status", "phase")) {
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> List.of();
        };
    }

    /** READY, STATUS and RESTARTS of a pod, computed together as upstream does. */
    record Summary(String ready, String status, String restarts) {
    }

    static Summary summarize(JsonNode pod, Instant now) {
        JsonNode spec = at(pod, "spec");
        JsonNode status = at(pod, "status");
        int restarts = 0;
        int sidecarRestarts = 0;
        int totalContainers = list(spec, "containers").size();
        int readyContainers = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;

        String phase = str(status, "phase");
        String reason = phase;
        if (!str(status, "reason").isEmpty()) {
            reason = str(status, "reason");
        }
        for (JsonNode condition : list(status, "conditions")) {
            if ("PodScheduled".equals(str(condition, "type")) && "SchedulingGated".equals(str(condition, "reason"))) {
                reason = "SchedulingGated";
            }
        }

        List<JsonNode> initSpecs = list(spec, "initContainers");
        Map<String, JsonNode> initByName = new HashMap<>();
        for (JsonNode c : initSpecs) {
            initByName.put(str(c, "name"), c);
            if (isSidecar(c)) {
                totalContainers++;
            }
        }

        boolean initializing = false;
        List<JsonNode> initStatuses = list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            int count = (int) num(c, "restartCount");
            Instant finished = lastTerminationFinish(c);
            restarts += count;
            lastRestart = Fields.later(lastRestart, finished);
            boolean sidecar = isSidecar(initByName.get(str(c, "name")));
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = Fields.later(lastSidecarRestart, finished);
            }
            boolean terminated = has(c, "state", "terminated");
            JsonNode term = at(c, "state", "terminated");
            if (terminated && num(term, "exitCode") == 0) {
                continue;
            }
            if (sidecar && Fields.bool(c, "started")) {
                if (Fields.bool(c, "ready")) {
                    readyContainers++;
                }
                continue;
            }
            if (terminated) {
                String termReason = str(term, "reason");
                if (termReason.isEmpty()) {
                    long signal = num(term, "signal");
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + num(term, "exitCode");
                } else {
                    reason = "Init:" + termReason;
                }
            } else {
                String waitReason = str(c, "state", "waiting", "reason");
                if (has(c, "state", "waiting") && !waitReason.isEmpty() && !"PodInitializing".equals(waitReason)) {
                    reason = "Init:" + waitReason;
                } else {
                    reason = "Init:" + i + "/" + initSpecs.size();
                }
            }
            initializing = true;
            break;
        }

        if (!initializing || hasCondition(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = list(status, "containerStatuses");
            // Walk backwards so that the first container's state decides the reason.
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += (int) num(c, "restartCount");
                lastRestart = Fields.later(lastRestart, lastTerminationFinish(c));
                boolean waiting = has(c, "state", "waiting");
                boolean terminated = has(c, "state", "terminated");
                String waitReason = str(c, "state", "waiting", "reason");
                String termReason = str(c, "state", "terminated", "reason");
                if (waiting && !waitReason.isEmpty()) {
                    reason = waitReason;
                } else if (terminated && !termReason.isEmpty()) {
                    reason = termReason;
                } else if (terminated) {
                    long signal = num(c, "state", "terminated", "signal");
                    reason = signal != 0 ? "Signal:" + signal
                            : "ExitCode:" + num(c, "state", "terminated", "exitCode");
                } else if (Fields.bool(c, "ready") && has(c, "state", "running")) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose first container completed while another still runs is still running.
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = has(pod, "metadata", "deletionTimestamp");
        if (deleting && NODE_LOST.equals(str(status, "reason"))) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }

        String restartText = Integer.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartText = restarts + " (" + Durations.since(lastRestart, now) + " ago)";
        }
        return new Summary(readyContainers + "/" + totalContainers, reason, restartText);
    }

    /** An init container with restartPolicy Always: a sidecar that keeps running. */
    private static boolean isSidecar(JsonNode initContainer) {
        return initContainer != null && "Always".equals(str(initContainer, "restartPolicy"));
    }

    private static Instant lastTerminationFinish(JsonNode containerStatus) {
        if (!has(containerStatus, "lastState", "terminated")) {
            return null;
        }
        return Fields.time(containerStatus, "lastState", "terminated", "finishedAt");
    }

    private static boolean hasCondition(JsonNode status, String type) {
        for (JsonNode c : list(status, "conditions")) {
            if (type.equals(str(c, "type")) && "True".equals(str(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    /** The first pod IP; the singular podIP wins when both are set (as the v1 conversion does). */
    static String podIp(JsonNode pod) {
        String ip = str(pod, "status", "podIP");
        if (ip.isEmpty()) {
            List<JsonNode> ips = list(pod, "status", "podIPs");
            if (!ips.isEmpty()) {
                ip = str(ips.get(0), "ip");
            }
        }
        return Formats.orDefault(ip, Formats.NONE);
    }

    static String readinessGates(JsonNode pod) {
        List<JsonNode> gates = list(pod, "spec", "readinessGates");
        if (gates.isEmpty()) {
            return Formats.NONE;
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            String type = str(gate, "conditionType");
            for (JsonNode c : list(pod, "status", "conditions")) {
                if (type.equals(str(c, "type"))) {
                    if ("True".equals(str(c, "status"))) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }
}
