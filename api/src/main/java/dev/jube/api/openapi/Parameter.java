package dev.jube.api.openapi;

import tools.jackson.databind.node.ObjectNode;

/** A non-body parameter of an operation, written in either dialect. */
record Parameter(String name, String in, String type, String description) {

    static final Parameter NAME = path("name", "name of the object");
    static final Parameter NAMESPACE = path("namespace", "object name and auth scope, such as for teams and projects");
    static final Parameter PRETTY = query("pretty", "string", "If 'true', then the output is pretty printed.");
    static final Parameter DRY_RUN = query("dryRun", "string",
            "When present, indicates that modifications should not be persisted. Valid values: All.");
    static final Parameter FIELD_MANAGER = query("fieldManager", "string",
            "A name associated with the actor or entity that is making these changes.");
    static final Parameter FIELD_VALIDATION = query("fieldValidation", "string",
            "How the server handles unknown or duplicate fields in the request body: Ignore, Warn or Strict.");
    static final Parameter FORCE = query("force", "boolean",
            "Force apply requests to take over fields owned by other managers.");
    static final Parameter GRACE_PERIOD = query("gracePeriodSeconds", "integer",
            "Seconds before the object should be deleted; zero deletes immediately.");
    static final Parameter IGNORE_STORE_READ_ERRORS = query("ignoreStoreReadErrorWithClusterBreakingPotential",
            "boolean", "Delete an object that cannot be read from storage (unsafe).");
    static final Parameter ORPHAN = query("orphanDependents", "boolean",
            "Deprecated: whether dependents should be orphaned; use propagationPolicy.");
    static final Parameter PROPAGATION = query("propagationPolicy", "string",
            "Garbage collection of dependents: Orphan, Background or Foreground.");
    static final Parameter ALLOW_WATCH_BOOKMARKS = query("allowWatchBookmarks", "boolean",
            "Requests watch events of type BOOKMARK.");
    static final Parameter CONTINUE = query("continue", "string",
            "The continue token of a previous paginated list call.");
    static final Parameter FIELD_SELECTOR = query("fieldSelector", "string",
            "A selector to restrict the list of returned objects by their fields.");
    static final Parameter LABEL_SELECTOR = query("labelSelector", "string",
            "A selector to restrict the list of returned objects by their labels.");
    static final Parameter LIMIT = query("limit", "integer", "The maximum number of objects to return in one page.");
    static final Parameter RESOURCE_VERSION = query("resourceVersion", "string",
            "Constrains which resource versions a request may be served from.");
    static final Parameter RESOURCE_VERSION_MATCH = query("resourceVersionMatch", "string",
            "How resourceVersion is applied to list calls.");
    static final Parameter SEND_INITIAL_EVENTS = query("sendInitialEvents", "boolean",
            "With watch=true, begin the stream with synthetic events for the current state.");
    static final Parameter TIMEOUT_SECONDS = query("timeoutSeconds", "integer",
            "Timeout for the list or watch call.");
    static final Parameter WATCH = query("watch", "boolean",
            "Watch for changes to the described resources.");

    static Parameter query(String name, String type, String description) {
        return new Parameter(name, "query", type, description);
    }

    static Parameter path(String name, String description) {
        return new Parameter(name, "path", "string", description);
    }

    ObjectNode write(Dialect dialect) {
        ObjectNode node = OpenApiModel.JSON.objectNode();
        node.put("description", description);
        node.put("in", in);
        node.put("name", name);
        if (in.equals("path")) {
            node.put("required", true);
        }
        if (dialect == Dialect.V2) {
            node.put("type", type);
            node.put("uniqueItems", true);
        } else {
            node.putObject("schema").put("type", type).put("uniqueItems", true);
        }
        return node;
    }
}
