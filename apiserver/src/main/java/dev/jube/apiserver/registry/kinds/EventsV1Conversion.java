package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.registry.VersionConverter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** events.k8s.io/v1 Events over core/v1 Event storage: the same object under the newer field names. */
public final class EventsV1Conversion implements VersionConverter {

    /** events.k8s.io name, core name. */
    private static final String[][] RENAMES = {
            {"regarding", "involvedObject"}, {"note", "message"}, {"reportingController", "reportingComponent"},
            {"deprecatedSource", "source"}, {"deprecatedFirstTimestamp", "firstTimestamp"},
            {"deprecatedLastTimestamp", "lastTimestamp"}, {"deprecatedCount", "count"}};

    @Override
    public ObjectNode toStorage(ObjectNode served) {
        for (String[] r : RENAMES) {
            move(served, r[0], r[1]);
        }
        return served;
    }

    @Override
    public ObjectNode fromStorage(ObjectNode stored) {
        for (String[] r : RENAMES) {
            move(stored, r[1], r[0]);
        }
        return stored;
    }

    private static void move(ObjectNode obj, String from, String to) {
        JsonNode v = obj.remove(from);
        if (v != null && !v.isNull()) {
            obj.set(to, v);
        }
    }
}
