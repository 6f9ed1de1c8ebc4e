package dev.jube.apiserver.admission;

import dev.jube.apiserver.endpoints.ApiException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Page;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.store.Store;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * New pods get the priority (and preemption policy) of their PriorityClass, or of the global
 * default class when they name none, as upstream's Priority admission plugin does.
 */
public final class PodPriority implements AdmissionPlugin {

    private static final String CLASSES = "/registry/priorityclasses/";

    private final ObjectStorage storage;

    public PodPriority(Store store) {
        this.storage = new ObjectStorage(store);
    }

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
            priorityClass = globalDefault();
            if (priorityClass == null) {
                return;
            }
            spec.put("priorityClassName", priorityClass.path("metadata").path("name").asString());
        } else {
            Versioned v = storage.get(CLASSES + className);
            if (v == null) {
                throw ApiException.forbidden("pods \"" + (request.name() == null ? "" : request.name())
                        + "\" is forbidden: no PriorityClass with name " + className + " was found");
            }
            priorityClass = v.object();
        }
        spec.put("priority", priorityClass.path("value").asInt(0));
        spec.put("preemptionPolicy", priorityClass.path("preemptionPolicy").asString("PreemptLowerPriority"));
    }

    private JsonNode globalDefault() {
        Page page = storage.list(CLASSES, CLASSES, 0, 0);
        JsonNode best = null;
        for (Versioned v : page.items()) {
            JsonNode c = v.object();
            if (c.path("globalDefault").asBoolean(false)
                    && (best == null || c.path("value").asLong() < best.path("value").asLong())) {
                best = c;
            }
        }
        return best;
    }
}
