package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.VersionConverter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoscaling/v1 HorizontalPodAutoscalers over autoscaling/v2 storage. v1 only knows a CPU
 * utilization target; what else a v2 object holds (other metrics, behavior, conditions, current
 * metrics) travels in annotations while it is seen as v1, as upstream does, so nothing is lost
 * when a v1 client writes the object back.
 */
public final class HorizontalPodAutoscalerV1Conversion implements VersionConverter {

    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";

    @Override
    public ObjectNode fromStorage(ObjectNode v2) {
        ObjectNode spec = Fields.child(v2, "spec");
        ArrayNode otherMetrics = Json.MAPPER.createArrayNode();
        for (JsonNode m : Fields.array(spec, "metrics")) {
            Integer cpu = cpuUtilization(m, "target");
            if (cpu != null && !spec.has("targetCPUUtilizationPercentage")) {
                spec.put("targetCPUUtilizationPercentage", cpu);
            } else {
                otherMetrics.add(m);
            }
        }
        spec.remove("metrics");
        stash(v2, METRICS, otherMetrics);
        stash(v2, BEHAVIOR, spec.remove("behavior"));
        if (v2.get("status") instanceof ObjectNode status) {
            ArrayNode otherCurrent = Json.MAPPER.createArrayNode();
            for (JsonNode m : Fields.array(status, "currentMetrics")) {
                Integer cpu = cpuUtilization(m, "current");
                if (cpu != null && !status.has("currentCPUUtilizationPercentage")) {
                    status.put("currentCPUUtilizationPercentage", cpu);
                } else {
                    otherCurrent.add(m);
                }
            }
            status.remove("currentMetrics");
            stash(v2, CURRENT_METRICS, otherCurrent);
            stash(v2, CONDITIONS, status.remove("conditions"));
            Fields.defaultInt(status, "currentReplicas", 0);
            Fields.defaultInt(status, "desiredReplicas", 0);
        }
        return v2;
    }

    @Override
    public ObjectNode toStorage(ObjectNode v1) {
        ObjectNode spec = Fields.child(v1, "spec");
        ArrayNode metrics = Json.MAPPER.createArrayNode();
        JsonNode cpu = spec.remove("targetCPUUtilizationPercentage");
        if (cpu != null && !cpu.isNull()) {
            ObjectNode m = metrics.addObject();
            m.put("type", "Resource");
            ObjectNode resource = m.putObject("resource");
            resource.put("name", "cpu");
            ObjectNode target = resource.putObject("target");
            target.put("type", "Utilization");
            target.put("averageUtilization", cpu.asInt());
        }
        JsonNode others = unstash(v1, METRICS);
        if (others instanceof ArrayNode a) {
            metrics.addAll(a);
        }
        if (!metrics.isEmpty()) {
            spec.set("metrics", metrics);
        }
        JsonNode behavior = unstash(v1, BEHAVIOR);
        if (behavior != null && behavior.isObject()) {
            spec.set("behavior", behavior);
        }
        JsonNode currentOthers = unstash(v1, CURRENT_METRICS);
        JsonNode conditions = unstash(v1, CONDITIONS);
        if (v1.get("status") instanceof ObjectNode status) {
            ArrayNode current = Json.MAPPER.createArrayNode();
            JsonNode currentCpu = status.remove("currentCPUUtilizationPercentage");
            if (currentCpu != null && !currentCpu.isNull()) {
                ObjectNode m = current.addObject();
                m.put("type", "Resource");
                ObjectNode resource = m.putObject("resource");
                resource.put("name", "cpu");
                resource.putObject("current").put("averageUtilization", currentCpu.asInt());
            }
            if (currentOthers instanceof ArrayNode a) {
                current.addAll(a);
            }
            if (!current.isEmpty()) {
                status.set("currentMetrics", current);
            }
            if (conditions instanceof ArrayNode c && !c.isEmpty()) {
                status.set("conditions", c);
            }
        }
        return v1;
    }

    private static Integer cpuUtilization(JsonNode metric, String field) {
        if (!"Resource".equals(Fields.string(metric, "type"))) {
            return null;
        }
        JsonNode resource = metric.path("resource");
        JsonNode value = resource.path(field);
        if (!"cpu".equals(Fields.string(resource, "name")) || !value.has("averageUtilization")) {
            return null;
        }
        if (field.equals("target") && !"Utilization".equals(Fields.string(value, "type"))) {
            return null;
        }
        return value.get("averageUtilization").asInt();
    }

    private static void stash(ObjectNode obj, String annotation, JsonNode value) {
        if (value == null || value.isNull() || value.isContainer() && value.isEmpty()) {
            return;
        }
        Fields.child(Fields.child(obj, "metadata"), "annotations").put(annotation, Json.MAPPER.writeValueAsString(value));
    }

    private static JsonNode unstash(ObjectNode obj, String annotation) {
        if (!(obj.path("metadata").get("annotations") instanceof ObjectNode annotations)) {
            return null;
        }
        JsonNode text = annotations.remove(annotation);
        if (annotations.isEmpty()) {
            ((ObjectNode) obj.get("metadata")).remove("annotations");
        }
        if (text == null || !text.isString()) {
            return null;
        }
        try {
            return Json.parse(text.asString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
