package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a node agent serves through the API server: pods/log, exec, attach, portforward and the
 * proxies of pods, services and nodes. No node agent serves these streams yet, so a request gets
 * the answer upstream gives before it connects (a missing object, a pod without a host, a wrong
 * container), and otherwise 503 naming the node whose agent cannot be reached. The node agent's
 * streaming replaces {@link #connect}.
 */
final class NodeConnections {

    private static final Set<String> POD_STREAMS = Set.of("log", "exec", "attach", "portforward", "proxy");

    /** A parsed connect path: the resource (pods, services, nodes), namespace, object name and subresource. */
    record Target(String resource, String namespace, String name, String subresource) {}

    private final ResourceRegistry registry;
    private final HandlerContext ctx;

    NodeConnections(ResourceRegistry registry, HandlerContext ctx) {
        this.registry = registry;
        this.ctx = ctx;
    }

    /**
     * The target of {@code /api/v1/namespaces/NS/pods/NAME/SUB[/...]},
     * {@code /api/v1/namespaces/NS/services/NAME/proxy[/...]} or {@code /api/v1/nodes/NAME/proxy[/...]};
     * null for any other path.
     */
    static Target match(String path) {
        String[] p = path.substring(path.startsWith("/") ? 1 : 0).split("/");
        if (p.length < 2 || !p[0].equals("api") || !p[1].equals("v1")) {
            return null;
        }
        if (p.length >= 5 && p[2].equals("nodes") && p[4].equals("proxy")) {
            return new Target("nodes", null, proxiedName(p[3]), "proxy");
        }
        if (p.length >= 7 && p[2].equals("namespaces")) {
            if (p[4].equals("pods") && POD_STREAMS.contains(p[6]) && (p.length == 7 || p[6].equals("proxy"))) {
                return new Target("pods", p[3], p[6].equals("proxy") ? proxiedName(p[5]) : p[5], p[6]);
            }
            if (p[4].equals("services") && p[6].equals("proxy")) {
                return new Target("services", p[3], proxiedName(p[5]), "proxy");
            }
        }
        return null;
    }

    /** A proxy path names {@code name}, {@code name:port} or {@code scheme:name:port}. */
    private static String proxiedName(String segment) {
        String[] parts = segment.split(":", -1);
        return parts.length == 3 ? parts[1] : parts[0];
    }

    void serve(ApiRequest req, Target target, Responder resp) {
        String method = req.method();
        boolean proxy = target.subresource().equals("proxy");
        boolean readOnly = target.subresource().equals("log");
        if (!proxy && !method.equals("GET") && !method.equals("HEAD") && (readOnly || !method.equals("POST"))) {
            throw ApiException.methodNotSupported(null, null);
        }
        ResourceDescriptor d = registry.find("", "v1", target.resource()).orElseThrow(ApiException::pathNotFound);
        Versioned current = ctx.storage().get(d.storageKey(target.namespace(), target.name()));
        if (current == null) {
            throw ApiException.notFound(d, target.name());
        }
        ObjectNode obj = current.object();
        switch (target.resource()) {
            case "nodes" -> connect(target.name(), resp);
            case "services" -> throw ApiException.unavailable("no endpoints available for service \"" + target.name()
                    + "\": proxying to services is not available yet");
            default -> pod(req, target, obj, resp);
        }
    }

    private void pod(ApiRequest req, Target target, ObjectNode pod, Responder resp) {
        String name = target.name();
        String sub = target.subresource();
        if (!sub.equals("portforward") && !sub.equals("proxy")) {
            container(req.param("container"), pod, name);
        }
        String node = Json.text(pod, "spec", "nodeName");
        if (node == null || node.isEmpty()) {
            if (sub.equals("log")) {
                // Upstream answers an empty log for a pod that no node runs yet.
                resp.send(200, "text/plain", new byte[0]);
                return;
            }
            if (sub.equals("proxy")) {
                throw ApiException.unavailable("pod " + name + " has no IP address to proxy to: it is not running on "
                        + "a node");
            }
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        ResourceDescriptor nodes = registry.find("", "v1", "nodes").orElseThrow(ApiException::pathNotFound);
        if (ctx.storage().get(nodes.storageKey(null, node)) == null) {
            throw ApiException.notFound(nodes, node);
        }
        connect(node, resp);
    }

    /** The container a log or exec request means: the named one, or the only one; 400 as upstream otherwise. */
    private static void container(String requested, ObjectNode pod, String podName) {
        List<String> names = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String field : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            for (JsonNode c : pod.path("spec").path(field)) {
                String n = c.path("name").asString("");
                all.add(n);
                if (field.equals("containers")) {
                    names.add(n);
                }
            }
        }
        if (requested == null || requested.isEmpty()) {
            if (names.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + podName
                        + ", choose one of: [" + String.join(" ", names) + "]");
            }
            return;
        }
        if (!all.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
        }
    }

    /** Opens the stream to the node agent of {@code node}: none is reachable yet. */
    private static void connect(String node, Responder resp) {
        throw ApiException.unavailable("error dialing backend: no node agent is reachable for node \"" + node
                + "\"; logs, exec, attach, port forwarding and proxying are not available yet");
    }
}
