package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.str;
import static dev.jube.api.table.TableColumn.of;
import static dev.jube.api.table.TableColumn.wide;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The event table, shared by core/v1 Events and events.k8s.io/v1 Events (upstream serves both
 * from one storage). The events.k8s.io field names (regarding, note, deprecated*) are read when
 * the core ones are absent.
 */
final class EventTable {

    private EventTable() {
    }

    static TableDefinition definition() {
        return TableDefinition.of(
                of("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded.",
                        (o, now) -> lastSeen(o, now)),
                of("Type", "string", "Type of this event (Normal, Warning).", (o, now) -> str(o, "type")),
                of("Reason", "string", "Short, machine understandable reason for the event.",
                        (o, now) -> str(o, "reason")),
                of("Object", "string", "The object this event is about.", (o, now) -> target(o)),
                wide("Subobject", "string", "The part of the object the event is about, e.g. a container.",
                        (o, now) -> str(involved(o), "fieldPath")),
                wide("Source", "string", "The component (and host) reporting this event.", (o, now) -> source(o)),
                of("Message", "string", "A human-readable description of the event.",
                        (o, now) -> text(o, "message", "note").strip()),
                wide("First Seen", "string", "The time at which the event was first recorded.",
                        (o, now) -> firstSeen(o, now)),
                wide("Count", "string", "The number of times this event has occurred.", (o, now) -> count(o)),
                new TableColumn("Name", "string", "name", TableColumn.NAME_DESCRIPTION, 1,
                        (o, now) -> str(o, "metadata", "name")));
    }

    private static String text(JsonNode event, String coreField, String eventsField) {
        String s = str(event, coreField);
        return s.isEmpty() ? str(event, eventsField) : s;
    }

    private static JsonNode involved(JsonNode event) {
        return has(event, "involvedObject") ? at(event, "involvedObject") : at(event, "regarding");
    }

    private static Instant time(JsonNode event, String coreField, String eventsField) {
        Instant t = Fields.time(event, coreField);
        return t != null ? t : Fields.time(event, eventsField);
    }

    static String firstSeen(JsonNode event, Instant now) {
        Instant first = time(event, "firstTimestamp", "deprecatedFirstTimestamp");
        if (first == null) {
            first = Fields.time(event, "eventTime");
        }
        return Durations.since(first, now);
    }

    static String lastSeen(JsonNode event, Instant now) {
        if (has(event, "series")) {
            return Durations.since(Fields.time(event, "series", "lastObservedTime"), now);
        }
        Instant last = time(event, "lastTimestamp", "deprecatedLastTimestamp");
        return last == null ? firstSeen(event, now) : Durations.since(last, now);
    }

    static long count(JsonNode event) {
        if (has(event, "series")) {
            return num(event, "series", "count");
        }
        long count = has(event, "count") ? num(event, "count") : num(event, "deprecatedCount");
        return count == 0 ? 1 : count; // singleton events of the new API carry no count
    }

    /** "kind/name" in lower case kind, or the kind alone for an object without a name. */
    static String target(JsonNode event) {
        JsonNode obj = involved(event);
        String kind = str(obj, "kind").toLowerCase(Locale.ROOT);
        String name = str(obj, "name");
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    static String source(JsonNode event) {
        JsonNode src = has(event, "source") ? at(event, "source") : at(event, "deprecatedSource");
        String component = Formats.orDefault(str(src, "component"), str(event, "reportingController"));
        if (component.isEmpty()) {
            component = str(event, "reportingComponent");
        }
        String instance = Formats.orDefault(str(src, "host"), str(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }
}
