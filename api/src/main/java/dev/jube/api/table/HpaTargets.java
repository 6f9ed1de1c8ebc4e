package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.str;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TARGETS cell of a HorizontalPodAutoscaler: "cpu: 12%/80%, memory: 100Mi/1Gi + 1 more...".
 * Reads autoscaling/v2 objects, and autoscaling/v1 ones through their CPU target fields.
 */
final class HpaTargets {

    private static final int MAX = 2;
    private static final String UNKNOWN = Formats.UNKNOWN;

    private HpaTargets() {
    }

    static String format(JsonNode hpa) {
        List<JsonNode> specs = list(hpa, "spec", "metrics");
        List<JsonNode> statuses = list(hpa, "status", "currentMetrics");
        if (specs.isEmpty()) {
            // autoscaling/v1, or v2 without metrics (which defaulting turns into CPU at 80%).
            long target = num(hpa, 80, "spec", "targetCPUUtilizationPercentage");
            specs = List.of(cpuMetric("target", target));
            if (has(hpa, "status", "currentCPUUtilizationPercentage")) {
                statuses = List.of(cpuMetric("current", num(hpa, "status", "currentCPUUtilizationPercentage")));
            }
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            list.add(switch (str(spec, "type")) {
                case "External" -> valueOrAverage(at(spec, "external"), source(status, "external"));
                case "Object" -> valueOrAverage(at(spec, "object"), source(status, "object"));
                case "Pods" -> {
                    JsonNode current = source(status, "pods");
                    yield (current == null ? UNKNOWN : Formats.quantityPointer(at(current, "current", "averageValue")))
                            + "/" + Formats.quantityPointer(at(spec, "pods", "target", "averageValue"));
                }
                case "Resource" -> resource(at(spec, "resource"), source(status, "resource"));
                case "ContainerResource" -> resource(at(spec, "containerResource"),
                        source(status, "containerResource"));
                default -> "<unknown type>";
            });
        }
        if (list.size() > MAX) {
            return String.join(", ", list.subList(0, MAX)) + " + " + (list.size() - MAX) + " more...";
        }
        return String.join(", ", list);
    }

    /** The status entry's source of that type, or null when the status lacks it. */
    private static JsonNode source(JsonNode status, String field) {
        return status != null && has(status, field) ? at(status, field) : null;
    }

    private static String valueOrAverage(JsonNode spec, JsonNode status) {
        if (has(spec, "target", "averageValue")) {
            String current = status != null && has(status, "current", "averageValue")
                    ? Formats.quantity(at(status, "current", "averageValue")) : UNKNOWN;
            return current + "/" + Formats.quantity(at(spec, "target", "averageValue")) + " (avg)";
        }
        String current = status != null ? Formats.quantityPointer(at(status, "current", "value")) : UNKNOWN;
        return current + "/" + Formats.quantityPointer(at(spec, "target", "value"));
    }

    private static String resource(JsonNode spec, JsonNode status) {
        String name = str(spec, "name");
        if (has(spec, "target", "averageValue")) {
            String current = status != null ? Formats.quantityPointer(at(status, "current", "averageValue")) : UNKNOWN;
            return name + ": " + current + "/" + Formats.quantity(at(spec, "target", "averageValue"));
        }
        String current = status != null && has(status, "current", "averageUtilization")
                ? num(status, "current", "averageUtilization") + "%" : UNKNOWN;
        String target = has(spec, "target", "averageUtilization")
                ? num(spec, "target", "averageUtilization") + "%" : "<auto>";
        return name + ": " + current + "/" + target;
    }

    /** A v2 Resource metric for cpu with averageUtilization under {@code side} ("target" or "current"). */
    private static JsonNode cpuMetric(String side, long utilization) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode value = f.objectNode().put("averageUtilization", utilization);
        if ("target".equals(side)) {
            value.put("type", "Utilization");
        }
        ObjectNode resource = f.objectNode().put("name", "cpu");
        resource.set(side, value);
        ObjectNode metric = f.objectNode().put("type", "Resource");
        metric.set("resource", resource);
        return metric;
    }
}
