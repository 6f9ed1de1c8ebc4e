package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.EventStream;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.proxy.ExecTranslator;
import dev.jube.apiserver.proxy.KubeletClient;
import dev.jube.apiserver.proxy.KubeletUpgrade;
import dev.jube.apiserver.proxy.PortForwardTunnel;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod subresources served by the pod's kubelet: {@code log} (streamed back), and
 * {@code exec}, {@code attach} and {@code portforward}, whose upgraded connection (SPDY or
 * WebSocket) is relayed byte for byte to the kubelet, as upstream's upgrade-aware proxy does.
 */
final class PodStreams {

    private static final Set<String> SUBRESOURCES = Set.of("log", "exec", "attach", "portforward");
    /** Request headers that belong to this hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "authorization", "content-length",
            "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer");
    private static final List<String> ADDRESS_PREFERENCE = List.of("InternalIP", "Hostname", "InternalDNS",
            "ExternalIP", "ExternalDNS");
    private static final int DEFAULT_KUBELET_PORT = 10250;

    private final ResourceRegistry registry;
    private final HandlerContext ctx;
    private final KubeletClient kubelets;

    PodStreams(ResourceRegistry registry, HandlerContext ctx, KubeletClient kubelets) {
        this.registry = registry;
        this.ctx = ctx;
        this.kubelets = kubelets;
    }

    static boolean handles(RequestInfo info) {
        return info.group().isEmpty() && "v1".equals(info.version()) && "pods".equals(info.resource())
                && info.name() != null && info.namespace() != null && info.subresource() != null
                && SUBRESOURCES.contains(info.subresource());
    }

    void serve(ApiRequest req, RequestInfo info, Responder resp) {
        ResourceDescriptor pods = registry.find("", "v1", "pods").orElseThrow(ApiException::pathNotFound);
        boolean log = info.subresource().equals("log");
        if (!req.method().equals("GET") && (log || !req.method().equals("POST"))) {
            throw ApiException.methodNotSupported(info.verb(), pods);
        }
        Versioned current = ctx.storage().get(pods.storageKey(info.namespace(), info.name()));
        if (current == null) {
            throw ApiException.notFound(pods, info.name());
        }
        ObjectNode pod = current.object();
        String nodeName = Json.text(pod, "spec", "nodeName");
        if (log) {
            String container = container(pod, info.name(), req.param("container"));
            if (nodeName == null || nodeName.isEmpty()) {
                // Upstream answers an unscheduled pod's log with an empty body.
                resp.send(200, "text/plain", new byte[0]);
                return;
            }
            streamLog(req, resp, kubeletUri(nodeName, "/containerLogs/" + info.namespace() + "/" + info.name() + "/"
                    + container, logQuery(req.query())));
            return;
        }
        if (nodeName == null || nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + info.name() + " does not have a host assigned");
        }
        String path;
        String query;
        if (info.subresource().equals("portforward")) {
            path = "/portForward/" + info.namespace() + "/" + info.name();
            query = forwardQuery(req.query());
        } else {
            String container = container(pod, info.name(), req.param("container"));
            String phase = Json.text(pod, "status", "phase");
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                throw ApiException.badRequest("cannot " + info.subresource() + " into a container in a completed pod; "
                        + "current phase is " + phase);
            }
            path = "/" + info.subresource() + "/" + info.namespace() + "/" + info.name() + "/" + container;
            query = execQuery(req.query());
        }
        if (req.header("upgrade") == null || !resp.canTakeOver()) {
            throw ApiException.badRequest("Upgrade request required");
        }
        URI uri = kubeletUri(nodeName, path, query);
        List<String> offered = webSocketProtocols(req);
        if (info.subresource().equals("portforward") && offered.contains(PortForwardTunnel.PROTOCOL)) {
            tunnel(resp, uri);
        } else if (!info.subresource().equals("portforward") && offered.contains(ExecTranslator.PROTOCOL)) {
            translate(req, resp, uri);
        } else {
            // SPDY, and WebSocket protocols the runtime speaks itself (v4.channel.k8s.io and older).
            relay(req, resp, uri);
        }
    }

    private static List<String> webSocketProtocols(ApiRequest req) {
        String header = req.websocket() ? req.header("sec-websocket-protocol") : null;
        List<String> out = new ArrayList<>();
        if (header != null) {
            for (String p : header.split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    /** kubectl's port-forward tunnel: SPDY inside WebSocket messages, to a SPDY upgrade of our own. */
    private void tunnel(Responder resp, URI uri) {
        KubeletUpgrade upgrade = upgrade(uri, "portforward.k8s.io", null);
        Channel client = resp.takeOverWebSocket(PortForwardTunnel.PROTOCOL,
                PortForwardTunnel.clientSide(upgrade.channel()));
        PortForwardTunnel.connect(upgrade, client);
    }

    /** WebSocket v5 exec/attach, translated to SPDY streams towards the kubelet. */
    private void translate(ApiRequest req, Responder resp, URI uri) {
        ExecTranslator translator = new ExecTranslator(req.flag("stdin"), req.flag("stdout"), req.flag("stderr"),
                req.flag("tty"));
        KubeletUpgrade upgrade = upgrade(uri, ExecTranslator.SPDY_PROTOCOL, ExecTranslator.kubeletCodec());
        translator.open(upgrade);
        Channel client = resp.takeOverWebSocket(ExecTranslator.PROTOCOL, translator.clientSide());
        translator.connect(upgrade, client);
    }

    private KubeletUpgrade upgrade(URI uri, String streamProtocol, io.netty.channel.ChannelHandler codec) {
        try {
            Channel kubelet = kubelets.connect(uri.getHost().replace("[", "").replace("]", ""), uri.getPort());
            return KubeletUpgrade.start(kubelet, uri, streamProtocol, codec);
        } catch (KubeletUpgrade.Refused e) {
            throw new ApiException(e.status() == 404 ? 404 : 400, e.status() == 404 ? "NotFound" : "BadRequest",
                    e.getMessage(), null);
        } catch (IOException e) {
            throw ApiException.internal("error dialing backend: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        }
    }

    /** The container a request means: the named one, or the only one; upstream's messages otherwise. */
    private static String container(ObjectNode pod, String podName, String requested) {
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> init = names(pod.path("spec").path("initContainers"));
        if (requested == null || requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.getFirst();
            }
            if (containers.isEmpty()) {
                throw ApiException.badRequest("a container name must be specified for pod " + podName);
            }
            String message = "a container name must be specified for pod " + podName + ", choose one of: ["
                    + String.join(" ", containers) + "]";
            if (!init.isEmpty()) {
                message += " or one of the init containers: [" + String.join(" ", init) + "]";
            }
            throw ApiException.badRequest(message);
        }
        if (!containers.contains(requested) && !init.contains(requested)
                && !names(pod.path("spec").path("ephemeralContainers")).contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
        }
        return requested;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : list) {
            out.add(c.path("name").asString(""));
        }
        return out;
    }

    private URI kubeletUri(String nodeName, String path, String query) {
        ResourceDescriptor nodes = registry.find("", "v1", "nodes").orElseThrow(ApiException::pathNotFound);
        Versioned node = ctx.storage().get(nodes.storageKey(null, nodeName));
        if (node == null) {
            throw ApiException.notFound(nodes, nodeName);
        }
        JsonNode status = node.object().path("status");
        String host = null;
        for (String type : ADDRESS_PREFERENCE) {
            for (JsonNode a : status.path("addresses")) {
                if (host == null && type.equals(a.path("type").asString(""))) {
                    host = a.path("address").asString("");
                }
            }
        }
        if (host == null || host.isEmpty()) {
            throw ApiException.internal("no preferred addresses found; known addresses: []");
        }
        int port = status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0) {
            port = DEFAULT_KUBELET_PORT;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + h + ":" + port + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static String logQuery(Map<String, List<String>> q) {
        return query(q, Set.of("follow", "previous", "sinceSeconds", "sinceTime", "timestamps", "tailLines",
                "limitBytes"), Map.of());
    }

    private static String execQuery(Map<String, List<String>> q) {
        return query(q, Set.of("command", "stdin", "stdout", "stderr", "tty"), Map.of());
    }

    private static String forwardQuery(Map<String, List<String>> q) {
        // The kubelet (like upstream's) takes the forwarded ports as repeated "port" parameters.
        return query(q, Set.of("ports"), Map.of("ports", "port"));
    }

    private static String query(Map<String, List<String>> q, Set<String> keep, Map<String, String> rename) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!keep.contains(e.getKey())) {
                continue;
            }
            String name = rename.getOrDefault(e.getKey(), e.getKey());
            for (String v : e.getValue()) {
                for (String part : name.equals("port") ? v.split(",") : new String[] {v}) {
                    if (!sb.isEmpty()) {
                        sb.append('&');
                    }
                    sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(part, StandardCharsets.UTF_8));
                }
            }
        }
        return sb.toString();
    }

    private void streamLog(ApiRequest req, Responder resp, URI uri) {
        HttpResponse<InputStream> answer;
        try {
            answer = kubelets.get(uri);
        } catch (IOException e) {
            throw ApiException.internal("Get \"" + uri + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        }
        try (InputStream body = answer.body()) {
            if (answer.statusCode() != 200) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
                throw new ApiException(answer.statusCode() == 404 ? 404 : 400,
                        answer.statusCode() == 404 ? "NotFound" : "BadRequest", text, null);
            }
            EventStream out = resp.stream(200, "text/plain");
            out.onClose(() -> closeQuietly(body));
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = body.read(buf)) >= 0) {
                if (n > 0 && !out.write(java.util.Arrays.copyOf(buf, n))) {
                    break;
                }
            }
            out.close();
        } catch (IOException e) {
            // The kubelet or the client went away mid-stream: the response simply ends.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing only cancels the kubelet request.
        }
    }

    private void relay(ApiRequest req, Responder resp, URI uri) {
        Channel kubelet;
        try {
            kubelet = kubelets.connect(uri.getHost().replace("[", "").replace("]", ""), uri.getPort());
        } catch (IOException e) {
            throw ApiException.internal("error dialing backend: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        }
        StringBuilder head = new StringBuilder();
        head.append(req.method()).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        for (Map.Entry<String, String> h : req.headers().entrySet()) {
            String name = h.getKey();
            if (HOP_HEADERS.contains(name) || name.startsWith(":")) {
                continue;
            }
            // Repeated headers arrive joined with commas; protocol versions go back on lines of their own.
            String[] values = name.equals("x-stream-protocol-version") ? h.getValue().split(",") : new String[] {
                    h.getValue()};
            for (String v : values) {
                head.append(name).append(": ").append(v.trim()).append("\r\n");
            }
        }
        head.append("\r\n");
        resp.takeOver(kubelet, head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
