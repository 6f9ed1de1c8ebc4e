package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.auth.Authenticator;
import dev.jube.apiserver.auth.Authorizer;
import dev.jube.apiserver.auth.ServiceAccountTokens;
import dev.jube.apiserver.auth.UserInfo;
import dev.jube.apiserver.discovery.Discovery;
import dev.jube.apiserver.discovery.VersionInfo;
import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.RequestHandler;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.openapi.OpenApiEndpoint;
import dev.jube.apiserver.proxy.KubeletClient;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.store.CompactedException;
import dev.jube.store.FutureRevisionException;
import dev.jube.store.RequestTooLargeException;
import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixed request chain: authentication, authorization, then routing to health, version,
 * discovery or the generic resource handlers (which run admission). Every failure becomes a
 * Status body; nothing below leaks a stack trace to the client.
 */
public final class ApiDispatcher implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");

    private final ResourceRegistry registry;
    private final Discovery discovery;
    private final OpenApiEndpoint openApi;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ResourceHandler resources;
    private final PodBinding podBinding;
    private final PodEviction podEviction;
    private final TokenRequests tokenRequests;
    private final ServiceAccountTokens tokens;
    private final NodeConnections nodeConnections;
    private final PodStreams podStreams;
    private final BooleanSupplier ready;

    public ApiDispatcher(ResourceRegistry registry, Authenticator authenticator, Authorizer authorizer,
                         HandlerContext ctx, ServiceAccountTokens tokens, BooleanSupplier ready) {
        this(registry, authenticator, authorizer, ctx, tokens, ready, null);
    }

    /** With {@code kubelets}, pod logs, exec, attach and port-forward reach the pods' kubelets. */
    public ApiDispatcher(ResourceRegistry registry, Authenticator authenticator, Authorizer authorizer,
                         HandlerContext ctx, ServiceAccountTokens tokens, BooleanSupplier ready,
                         KubeletClient kubelets) {
        this.registry = registry;
        this.discovery = new Discovery(registry);
        this.openApi = new OpenApiEndpoint(registry, true);
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.resources = new ResourceHandler(ctx, new FieldValidation(openApi.schemas()));
        this.podBinding = new PodBinding(registry, ctx);
        this.podEviction = new PodEviction(registry, ctx, resources);
        this.tokens = tokens;
        this.tokenRequests = new TokenRequests(registry, ctx, tokens);
        this.nodeConnections = new NodeConnections(registry, ctx);
        this.podStreams = kubelets == null ? null : new PodStreams(registry, ctx, kubelets);
        this.ready = ready;
    }

    /**
     * Starts building the OpenAPI documents in the background. Called once the server is serving:
     * readiness does not need them, and on a small machine building them earlier delays it.
     */
    public void warmUp() {
        openApi.warmUp();
    }

    @Override
    public void handle(ApiRequest req, Responder resp) {
        try {
            route(req, resp);
        } catch (ApiException e) {
            sendStatus(resp, e);
        } catch (CompactedException e) {
            sendStatus(resp, ApiException.gone("too old resource version: " + e.getMessage()));
        } catch (FutureRevisionException e) {
            sendStatus(resp, ApiException.timeout("Too large resource version: " + e.getMessage()));
        } catch (RequestTooLargeException e) {
            sendStatus(resp, ApiException.tooLarge("etcdserver: request is too large: " + e.getMessage()));
        } catch (StoreUnavailableException e) {
            sendStatus(resp, ApiException.unavailable("storage is unavailable: " + e.getMessage()));
        } catch (StoreException e) {
            LOG.warn("storage failure on {} {}", req.method(), req.path(), e);
            sendStatus(resp, ApiException.internal(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", req.method(), req.path(), e);
            sendStatus(resp, ApiException.internal("unexpected server error"));
        }
    }

    private static void sendStatus(Responder resp, ApiException e) {
        try {
            resp.send(e.code(), "application/json", Json.bytes(e.status()));
        } catch (IllegalStateException alreadyStarted) {
            // A streaming response was already under way; the stream itself has ended.
        }
    }

    private void route(ApiRequest req, Responder resp) {
        String path = req.path().length() > 1 && req.path().endsWith("/")
                ? req.path().substring(0, req.path().length() - 1) : req.path();
        if (HEALTH.contains(path) || path.startsWith("/healthz/") || path.startsWith("/livez/")
                || path.startsWith("/readyz/")) {
            boolean ok = !path.startsWith("/readyz") || ready.getAsBoolean();
            resp.send(ok ? 200 : 500, "text/plain; charset=utf-8",
                    (ok ? "ok" : "readyz check failed").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/version")) {
            sendJson(req, resp, VersionInfo.document());
            return;
        }
        Optional<UserInfo> user = authenticator.authenticate(req);
        if (user.isEmpty()) {
            throw ApiException.unauthorized();
        }
        String denied = authorizer.deny(user.get(), req);
        if (denied != null) {
            throw ApiException.forbidden(denied);
        }
        switch (path) {
            case "/api" -> {
                requireGet(req);
                discoveryResponse(req, resp, true, discovery.apiVersions(hostOf(req)));
                return;
            }
            case "/apis" -> {
                requireGet(req);
                discoveryResponse(req, resp, false, discovery.apiGroupList());
                return;
            }
            case "/api/v1" -> {
                requireGet(req);
                sendJson(req, resp, discovery.apiResourceList("", "v1"));
                return;
            }
            default -> { }
        }
        if (path.equals("/.well-known/openid-configuration") || path.equals("/openid/v1/jwks")) {
            requireGet(req);
            boolean config = path.startsWith("/.well-known/");
            resp.send(200, config ? "application/json" : "application/jwk-set+json",
                    Json.bytes(config ? tokens.openIdConfiguration() : tokens.jwks()));
            return;
        }
        NodeConnections.Target connect = NodeConnections.match(path);
        // Pod logs, exec, attach and port-forward go on to the kubelet relay when there is one.
        boolean streamed = podStreams != null && connect != null && "pods".equals(connect.resource())
                && !"proxy".equals(connect.subresource());
        if (connect != null && !streamed) {
            nodeConnections.serve(req, connect, resp);
            return;
        }
        if (path.equals("/openapi/v2") || path.equals("/openapi/v3") || path.startsWith("/openapi/v3/")) {
            requireGet(req);
            OpenApiEndpoint.Document doc = path.equals("/openapi/v2") ? openApi.v2(req.header("accept"))
                    : path.equals("/openapi/v3") ? openApi.v3Index()
                    : openApi.v3(path.substring("/openapi/v3/".length())).orElseThrow(ApiException::pathNotFound);
            sendDocument(req, resp, doc);
            return;
        }
        String[] parts = path.substring(1).split("/");
        if (parts[0].equals("apis") && parts.length == 2) {
            requireGet(req);
            sendJson(req, resp, orNotFound(discovery.apiGroup(parts[1])));
            return;
        }
        if (parts[0].equals("apis") && parts.length == 3) {
            requireGet(req);
            sendJson(req, resp, orNotFound(discovery.apiResourceList(parts[1], parts[2])));
            return;
        }
        RequestInfo info = RequestInfo.parse(req.method(), path, req.flag("watch"));
        if (info == null) {
            throw ApiException.pathNotFound();
        }
        if (PodBinding.handles(info)) {
            podBinding.serve(req, info, resp);
            return;
        }
        if (PodEviction.handles(info)) {
            podEviction.serve(req, info, user.get(), resp);
            return;
        }
        if (TokenRequests.handles(info)) {
            tokenRequests.serve(req, info, resp);
            return;
        }
        if (podStreams != null && PodStreams.handles(info)) {
            podStreams.serve(req, info, resp);
            return;
        }
        ResourceDescriptor d = registry.find(info.group(), info.version(), info.resource())
                .orElseThrow(ApiException::pathNotFound);
        if (d.deprecationWarning() != null) {
            resp.header("Warning", "299 - \"" + d.deprecationWarning().replace("\"", "\\\"") + "\"");
        }
        resources.serve(new Request(req, info, d, user.get(), resp));
    }

    /** A cacheable document: 304 when the client already has this version. */
    private static void sendDocument(ApiRequest req, Responder resp, OpenApiEndpoint.Document doc) {
        if (doc.etag() != null) {
            resp.header("ETag", doc.etag());
            if (doc.etag().equals(req.header("if-none-match"))) {
                resp.send(304, null, new byte[0]);
                return;
            }
        }
        resp.send(200, doc.contentType(), doc.body());
    }

    private static void requireGet(ApiRequest req) {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            throw ApiException.methodNotSupported(null, null);
        }
    }

    private static ObjectNode orNotFound(ObjectNode doc) {
        if (doc == null) {
            throw ApiException.pathNotFound();
        }
        return doc;
    }

    private static void sendJson(ApiRequest req, Responder resp, ObjectNode doc) {
        Output out = Output.negotiate(req.header("accept"), false, null);
        resp.send(200, out.contentType(), out.encode(doc));
    }

    /** Aggregated discovery when the client asks for it, else the legacy document. */
    private void discoveryResponse(ApiRequest req, Responder resp, boolean core, ObjectNode legacy) {
        for (MediaType t : MediaType.parseAccept(req.header("accept"))) {
            String v = t.param("v");
            if ("APIGroupDiscoveryList".equals(t.as()) && "apidiscovery.k8s.io".equals(t.param("g"))
                    && ("v2".equals(v) || "v2beta1".equals(v)) && t.acceptsJson()) {
                resp.send(200, "application/json;g=apidiscovery.k8s.io;v=" + v + ";as=APIGroupDiscoveryList",
                        Json.bytes(discovery.aggregated(core, v)));
                return;
            }
        }
        sendJson(req, resp, legacy);
    }

    private static String hostOf(ApiRequest req) {
        String host = req.header("host");
        if (host == null) {
            host = req.header(":authority");
        }
        return host == null ? "127.0.0.1:6443" : host;
    }
}
