package dev.jube.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the REST paths of resources as upstream's API server publishes them: one path item
 * per URL with its operations, their parameters and the {@code x-kubernetes-action} and
 * {@code x-kubernetes-group-version-kind} extensions kubectl reads (its field-validation
 * check looks for a {@code fieldValidation} query parameter on the kind's PATCH operation).
 */
final class PathWriter {

    private static final List<String> PRODUCES =
            List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    private static final List<Parameter> LIST_PARAMETERS = List.of(Parameter.ALLOW_WATCH_BOOKMARKS,
            Parameter.CONTINUE, Parameter.FIELD_SELECTOR, Parameter.LABEL_SELECTOR, Parameter.LIMIT,
            Parameter.RESOURCE_VERSION, Parameter.RESOURCE_VERSION_MATCH, Parameter.SEND_INITIAL_EVENTS,
            Parameter.TIMEOUT_SECONDS, Parameter.WATCH);
    private static final List<Parameter> WRITE_PARAMETERS =
            List.of(Parameter.DRY_RUN, Parameter.FIELD_MANAGER, Parameter.FIELD_VALIDATION);
    private static final List<Parameter> PATCH_PARAMETERS =
            List.of(Parameter.DRY_RUN, Parameter.FIELD_MANAGER, Parameter.FIELD_VALIDATION, Parameter.FORCE);
    private static final List<Parameter> DELETE_PARAMETERS = List.of(Parameter.DRY_RUN, Parameter.GRACE_PERIOD,
            Parameter.IGNORE_STORE_READ_ERRORS, Parameter.ORPHAN, Parameter.PROPAGATION);
    private static final List<Parameter> DELETE_COLLECTION_PARAMETERS = List.of(Parameter.CONTINUE,
            Parameter.DRY_RUN, Parameter.FIELD_SELECTOR, Parameter.GRACE_PERIOD, Parameter.IGNORE_STORE_READ_ERRORS,
            Parameter.LABEL_SELECTOR, Parameter.LIMIT, Parameter.ORPHAN, Parameter.PROPAGATION,
            Parameter.RESOURCE_VERSION, Parameter.RESOURCE_VERSION_MATCH, Parameter.SEND_INITIAL_EVENTS,
            Parameter.TIMEOUT_SECONDS);
    private static final List<Parameter> LOG_PARAMETERS = List.of(
            Parameter.query("container", "string", "The container for which to stream logs."),
            Parameter.query("follow", "boolean", "Follow the log stream of the pod."),
            Parameter.query("insecureSkipTLSVerifyBackend", "boolean", "Skip verifying the kubelet's certificate."),
            Parameter.query("limitBytes", "integer", "Bytes to read from the server before terminating output."),
            Parameter.query("previous", "boolean", "Return the logs of the previous terminated container."),
            Parameter.query("sinceSeconds", "integer", "Relative time in seconds before now to show logs from."),
            Parameter.query("tailLines", "integer", "Lines from the end of the logs to show."),
            Parameter.query("timestamps", "boolean", "Add an RFC3339 timestamp to every line."));
    private static final List<Parameter> EXEC_PARAMETERS = List.of(
            Parameter.query("command", "string", "The command to execute."),
            Parameter.query("container", "string", "The container in which to execute the command."),
            Parameter.query("stderr", "boolean", "Redirect the standard error stream."),
            Parameter.query("stdin", "boolean", "Redirect the standard input stream."),
            Parameter.query("stdout", "boolean", "Redirect the standard output stream."),
            Parameter.query("tty", "boolean", "Allocate a terminal."));

    private final Dialect dialect;
    private final DocumentBuilder doc;
    private final boolean fieldValidation;

    PathWriter(Dialect dialect, DocumentBuilder doc, boolean fieldValidation) {
        this.dialect = dialect;
        this.doc = doc;
        this.fieldValidation = fieldValidation;
    }

    /** Adds the paths of one resource whose kind and list definitions are already in the document. */
    void write(ResourceInfo r, String kindDef, String listDef) {
        String ns = r.namespaced() ? "/namespaces/{namespace}" : "";
        String collection = r.pathPrefix() + ns + "/" + r.plural();
        String item = collection + "/{name}";
        Names n = new Names(r);
        ObjectNode gvk = gvk(r.group(), r.version(), r.kind());

        ObjectNode collectionItem = pathItem(collection, r.namespaced(), false);
        if (r.has("list")) {
            collectionItem.set("get", operation("list", "list or watch objects of kind " + r.kind(),
                    "list" + n.id(r.namespaced()), gvk, LIST_PARAMETERS, null, null, responses("200", listDef)));
        }
        if (r.has("create")) {
            collectionItem.set("post", operation("post", "create " + r.kind(), "create" + n.id(r.namespaced()), gvk,
                    WRITE_PARAMETERS, kindDef, null,
                    responses("200", kindDef, "201", kindDef, "202", kindDef)));
        }
        if (r.has("deletecollection")) {
            collectionItem.set("delete", operation("deletecollection", "delete collection of " + r.kind(),
                    "deleteCollection" + n.id(r.namespaced()), gvk, DELETE_COLLECTION_PARAMETERS,
                    doc.meta("DeleteOptions"), null, responses("200", doc.meta("Status"))));
        }

        ObjectNode itemNode = pathItem(item, r.namespaced(), true);
        if (r.has("get")) {
            itemNode.set("get", operation("get", "read the specified " + r.kind(), "read" + n.id(r.namespaced()),
                    gvk, List.of(), null, null, responses("200", kindDef)));
        }
        if (r.has("update")) {
            itemNode.set("put", operation("put", "replace the specified " + r.kind(),
                    "replace" + n.id(r.namespaced()), gvk, WRITE_PARAMETERS, kindDef, null,
                    responses("200", kindDef, "201", kindDef)));
        }
        if (r.has("patch")) {
            itemNode.set("patch", operation("patch", "partially update the specified " + r.kind(),
                    "patch" + n.id(r.namespaced()), gvk, PATCH_PARAMETERS, doc.meta("Patch"), PATCH_TYPES,
                    responses("200", kindDef, "201", kindDef)));
        }
        if (r.has("delete")) {
            String status = doc.meta("Status");
            itemNode.set("delete", operation("delete", "delete a " + r.kind(), "delete" + n.id(r.namespaced()), gvk,
                    DELETE_PARAMETERS, doc.meta("DeleteOptions"), null, responses("200", status, "202", status)));
        }

        if (r.namespaced() && r.has("list")) {
            ObjectNode all = pathItem(r.pathPrefix() + "/" + r.plural(), false, false);
            all.set("get", operation("list", "list objects of kind " + r.kind(),
                    "list" + n.id(false) + "ForAllNamespaces", gvk, LIST_PARAMETERS, null, null,
                    responses("200", listDef)));
        }
        if (r.has("watch")) {
            String event = doc.meta("WatchEvent");
            String watch = r.pathPrefix() + "/watch" + ns + "/" + r.plural();
            pathItem(watch, r.namespaced(), false).set("get", operation("watchlist",
                    "watch changes to a list of " + r.kind(), "watch" + n.id(r.namespaced()) + "List", gvk,
                    LIST_PARAMETERS, null, null, responses("200", event)));
            pathItem(watch + "/{name}", r.namespaced(), true).set("get", operation("watch",
                    "watch changes to an object of kind " + r.kind(), "watch" + n.id(r.namespaced()), gvk,
                    LIST_PARAMETERS, null, null, responses("200", event)));
            if (r.namespaced()) {
                pathItem(r.pathPrefix() + "/watch/" + r.plural(), false, false).set("get", operation("watchlist",
                        "watch changes to a list of " + r.kind(), "watch" + n.id(false) + "ListForAllNamespaces",
                        gvk, LIST_PARAMETERS, null, null, responses("200", event)));
            }
        }
        for (String sub : r.subresources()) {
            writeSubresource(r, n, item, sub, kindDef, gvk);
        }
    }

    /** The "get available resources" path of a group-version. */
    void writeGroupVersionRoot(String pathPrefix, String tagGroup, String version) {
        ObjectNode root = paths().putObject(pathPrefix + "/");
        ObjectNode op = operation(null, "get available resources",
                "get" + Names.groupPart(tagGroup) + Names.capitalize(version) + "APIResources", null,
                List.of(), null, null, responses("200", doc.meta("APIResourceList")));
        op.set("tags", OpenApiModel.JSON.arrayNode().add(Names.tag(tagGroup, version)));
        root.set("get", op);
    }

    private void writeSubresource(ResourceInfo r, Names n, String item, String sub, String kindDef, ObjectNode gvk) {
        String path = item + "/" + sub;
        String suffix = Names.capitalize(sub);
        String id = n.id(r.namespaced()) + suffix;
        switch (sub) {
            case "status", "ephemeralcontainers", "resize" -> sameKind(r, path, id, kindDef, gvk, sub, true);
            case "approval", "finalize" -> sameKind(r, path, id, kindDef, gvk, sub, false);
            case "scale" -> {
                ObjectNode scaleGvk = gvk("autoscaling", "v1", "Scale");
                String scale = doc.includeKind(io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class, scaleGvk);
                sameKind(r, path, id, scale, scaleGvk, sub, true);
            }
            case "log" -> pathItem(path, r.namespaced(), true).set("get", operation("get",
                    "read log of the specified " + r.kind(), "read" + id, gvk, LOG_PARAMETERS, null, null,
                    stringResponse()));
            case "exec", "attach", "portforward", "proxy" -> {
                String options = r.kind() + switch (sub) {
                    case "exec" -> "ExecOptions";
                    case "attach" -> "AttachOptions";
                    case "portforward" -> "PortForwardOptions";
                    default -> "ProxyOptions";
                };
                List<Parameter> params = sub.equals("exec") || sub.equals("attach") ? EXEC_PARAMETERS : List.of();
                ObjectNode connect = pathItem(path, r.namespaced(), true);
                for (String method : List.of("get", "post")) {
                    connect.set(method, operation("connect", "connect " + method.toUpperCase(Locale.ROOT)
                                    + " requests to " + sub + " of " + r.kind(),
                            "connect" + Names.capitalize(method) + id, gvk(r.group(), r.version(), options),
                            params, null, null, stringResponse()));
                }
            }
            case "binding" -> created(r, path, id, io.fabric8.kubernetes.api.model.Binding.class,
                    gvk("", "v1", "Binding"));
            case "eviction" -> created(r, path, id, io.fabric8.kubernetes.api.model.policy.v1.Eviction.class,
                    gvk("policy", "v1", "Eviction"));
            case "token" -> created(r, path, id, io.fabric8.kubernetes.api.model.authentication.TokenRequest.class,
                    gvk("authentication.k8s.io", "v1", "TokenRequest"));
            default -> throw new IllegalArgumentException(
                    "unsupported subresource \"" + sub + "\" of " + r.plural() + "." + r.group());
        }
    }

    private void sameKind(ResourceInfo r, String path, String id, String def, ObjectNode gvk, String sub,
                          boolean readable) {
        ObjectNode node = pathItem(path, r.namespaced(), true);
        if (readable) {
            node.set("get", operation("get", "read " + sub + " of the specified " + r.kind(), "read" + id, gvk,
                    List.of(), null, null, responses("200", def)));
        }
        node.set("put", operation("put", "replace " + sub + " of the specified " + r.kind(), "replace" + id, gvk,
                WRITE_PARAMETERS, def, null, responses("200", def, "201", def)));
        if (readable) {
            node.set("patch", operation("patch", "partially update " + sub + " of the specified " + r.kind(),
                    "patch" + id, gvk, PATCH_PARAMETERS, doc.meta("Patch"), PATCH_TYPES,
                    responses("200", def, "201", def)));
        }
    }

    private void created(ResourceInfo r, String path, String id, Class<?> model, ObjectNode gvk) {
        String def = doc.includeKind(model, gvk);
        pathItem(path, r.namespaced(), true).set("post", operation("post", "create " + gvk.get("kind").stringValue()
                        + " for " + r.kind(), "create" + id, gvk, WRITE_PARAMETERS, def, null,
                responses("200", def, "201", def, "202", def)));
    }

    private ObjectNode paths() {
        return doc.paths();
    }

    private ObjectNode pathItem(String path, boolean namespaced, boolean named) {
        ObjectNode paths = paths();
        if (paths.has(path)) {
            throw new IllegalArgumentException("two resources serve the path " + path);
        }
        ObjectNode item = paths.putObject(path);
        ArrayNode params = item.putArray("parameters");
        if (named) {
            params.add(Parameter.NAME.write(dialect));
        }
        if (namespaced) {
            params.add(Parameter.NAMESPACE.write(dialect));
        }
        params.add(Parameter.PRETTY.write(dialect));
        return item;
    }

    /** Response codes to definition names; a null definition means a plain string body. */
    private static Map<String, String> responses(String... codeThenDefinition) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codeThenDefinition.length; i += 2) {
            out.put(codeThenDefinition[i], codeThenDefinition[i + 1]);
        }
        return out;
    }

    private static Map<String, String> stringResponse() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("200", null);
        return out;
    }

    private ObjectNode operation(String action, String description, String operationId, ObjectNode gvk,
                                 List<Parameter> parameters, String bodyDefinition, List<String> consumes,
                                 Map<String, String> responses) {
        ObjectNode op = OpenApiModel.JSON.objectNode();
        op.put("description", description);
        op.put("operationId", operationId);
        List<ObjectNode> params = new ArrayList<>();
        if (bodyDefinition != null && dialect == Dialect.V2) {
            ObjectNode body = OpenApiModel.JSON.objectNode().put("in", "body").put("name", "body").put("required", true);
            body.set("schema", ref(bodyDefinition));
            params.add(body);
        }
        for (Parameter p : parameters) {
            if (p != Parameter.FIELD_VALIDATION || fieldValidation) {
                params.add(p.write(dialect));
            }
        }
        if (!params.isEmpty()) {
            op.putArray("parameters").addAll(params);
        }
        List<String> bodyTypes = consumes == null ? List.of("*/*") : consumes;
        if (bodyDefinition != null && dialect == Dialect.V3) {
            ObjectNode content = op.putObject("requestBody").putObject("content");
            for (String type : bodyTypes) {
                content.putObject(type).set("schema", ref(bodyDefinition));
            }
            ((ObjectNode) op.get("requestBody")).put("required", true);
        }
        ObjectNode rs = op.putObject("responses");
        responses.forEach((code, def) -> {
            ObjectNode response = rs.putObject(code);
            response.put("description", switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            });
            ObjectNode schema = def == null ? OpenApiModel.JSON.objectNode().put("type", "string") : ref(def);
            if (dialect == Dialect.V2) {
                response.set("schema", schema);
            } else {
                ObjectNode content = response.putObject("content");
                for (String type : def == null ? List.of("*/*") : PRODUCES) {
                    content.putObject(type).set("schema", schema.deepCopy());
                }
            }
        });
        rs.putObject("401").put("description", "Unauthorized");
        if (dialect == Dialect.V2) {
            op.putArray("consumes").addAll(bodyTypes.stream().map(OpenApiModel.JSON::stringNode).toList());
            op.putArray("produces").addAll(PRODUCES.stream().map(OpenApiModel.JSON::stringNode).toList());
            op.putArray("schemes").add("https");
        }
        if (gvk != null) {
            op.putArray("tags").add(Names.tag(gvk.get("group").stringValue(), gvk.get("version").stringValue()));
            op.put("x-kubernetes-action", action);
            op.set("x-kubernetes-group-version-kind", gvk);
        }
        return op;
    }

    private static ObjectNode ref(String definition) {
        return OpenApiModel.JSON.objectNode().put("$ref", OpenApiModel.REF_PREFIX + definition);
    }

    static ObjectNode gvk(String group, String version, String kind) {
        return OpenApiModel.JSON.objectNode().put("group", group).put("kind", kind).put("version", version);
    }

    /** Operation ids and tags as upstream forms them, e.g. listAppsV1NamespacedDeployment and apps_v1. */
    private record Names(String group, String version, String kind) {

        Names(ResourceInfo r) {
            this(r.group(), r.version(), r.kind());
        }

        String id(boolean namespaced) {
            return groupPart(group) + capitalize(version) + (namespaced ? "Namespaced" : "") + kind;
        }

        static String groupPart(String group) {
            if (group.isEmpty()) {
                return "Core";
            }
            StringBuilder sb = new StringBuilder();
            for (String part : group.replaceFirst("\\.k8s\\.io$", "").split("\\.")) {
                sb.append(capitalize(part));
            }
            return sb.toString();
        }

        static String tag(String group, String version) {
            String part = groupPart(group);
            return Character.toLowerCase(part.charAt(0)) + part.substring(1) + "_" + version;
        }

        static String capitalize(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
