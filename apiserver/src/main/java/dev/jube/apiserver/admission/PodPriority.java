package dev.jube.apiserver.admission;

import dev.jube.apiserver.endpoints.ApiException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * New pods get the priority (and preemption policy) of their PriorityClass, or of the global
 * default class when they name none, as upstream's Priority admission plugin does.
 */
public final class PodPriority implements AdmissionPlugin {

    private static final String CLASSES = "/registry/priorityclasses/";

    @Override
    public void admit(AdmissionRequest request) {
        ResourceDescriptor d = request.descriptor();
        if (request.operation() != AdmissionRequest.Operation.CREATE || !d.group().isEmpty()
                || !d.resource().equals("pods") || request.subresource() != null || request.object() == null
                || !(request.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        String className = spec.path("priorityClassName").asString("");
        JsonNode priorityClass;
        if (className.isEmpty()) {
            priorityClass = globalDefault(request.objects());
            if (priorityClass == null) {
                return;
            }
            spec.put("priorityClassName", priorityClass.path("metadata").path("name").asString());
        } else {
            priorityClass = request.objects().get(CLASSES + className);
            if (priorityClass == null) {
                throw ApiException.forbidden("pods \"" + (request.name() == null ? "" : request.name())
                        + "\" is forbidden: no PriorityClass with name " + className + " was found");
            }
        }
        spec.put("priority", priorityClass.path("value").asInt(0));
        spec.put("preemptionPolicy", priorityClass.path("preemptionPolicy").asString("PreemptLowerPriority"));
    }

    private static JsonNode globalDefault(ClusterObjects objects) {
        JsonNode best = null;
        for (JsonNode c : objects.list(CLASSES)) {
            if (c.path("globalDefault").asBoolean(false)
                    && (best == null || c.path("value").asLong() < best.path("value").asLong())) {
                best = c;
            }
        }
        return best;
    }
}
