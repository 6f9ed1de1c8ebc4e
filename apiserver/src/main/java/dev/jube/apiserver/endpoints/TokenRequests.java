package dev.jube.apiserver.endpoints;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.auth.ServiceAccountTokens;
import dev.jube.apiserver.auth.ServiceAccountTokens.Claims;
import dev.jube.apiserver.auth.ServiceAccountTokens.Ref;
import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST .../namespaces/NS/serviceaccounts/NAME/token}: an authentication.k8s.io/v1
 * TokenRequest answered with a signed token for the service account, optionally bound to a pod
 * (or a secret) so that it stops being valid when that object goes, as upstream.
 */
final class TokenRequests {

    private static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    private static final long MIN_EXPIRATION_SECONDS = 600;
    private static final long MAX_EXPIRATION_SECONDS = 1L << 32;

    private final ResourceRegistry registry;
    private final HandlerContext ctx;
    private final ServiceAccountTokens tokens;

    TokenRequests(ResourceRegistry registry, HandlerContext ctx, ServiceAccountTokens tokens) {
        this.registry = registry;
        this.ctx = ctx;
        this.tokens = tokens;
    }

    static boolean handles(RequestInfo info) {
        return info.group().isEmpty() && "v1".equals(info.version()) && "serviceaccounts".equals(info.resource())
                && "token".equals(info.subresource()) && info.name() != null;
    }

    void serve(ApiRequest req, RequestInfo info, Responder resp) {
        ResourceDescriptor accounts = registry.find("", "v1", "serviceaccounts").orElseThrow(ApiException::pathNotFound);
        if (!"create".equals(info.verb())) {
            throw ApiException.methodNotSupported(info.verb(), accounts);
        }
        if (info.namespace() == null) {
            throw ApiException.pathNotFound();
        }
        ObjectNode request = Bodies.object(req);
        String kind = Json.text(request, "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals("TokenRequest")) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type TokenRequest): kind \""
                    + kind + "\" does not match the resource serviceaccounts/token");
        }
        String apiVersion = Json.text(request, "apiVersion");
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals("authentication.k8s.io/v1")) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (authentication.k8s.io/v1)");
        }
        String ns = Json.text(request, "metadata", "namespace");
        if (ns != null && !ns.isEmpty() && !ns.equals(info.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                    + "the request");
        }
        JsonNode spec = request.path("spec");
        long expiration = expirationSeconds(spec.get("expirationSeconds"), info.name());
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
        if (audiences.isEmpty()) {
            audiences.addAll(ServiceAccountTokens.DEFAULT_AUDIENCES);
        }
        Versioned account = ctx.storage().get(accounts.storageKey(info.namespace(), info.name()));
        if (account == null) {
            throw ApiException.notFound(accounts, info.name());
        }
        Ref sa = new Ref(info.name(), Json.text(account.object(), "metadata", "uid"));
        Ref pod = bound(spec.get("boundObjectRef"), info.namespace(), info.name());
        boolean dryRun = new Request(req, info, accounts, null, resp).dryRun();
        Instant now = Instant.now();
        Instant expires = now.plusSeconds(expiration);
        ObjectNode out = Json.object();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = out.putObject("metadata");
        meta.put("name", info.name());
        meta.put("namespace", info.namespace());
        meta.put("creationTimestamp", Json.timestamp(now));
        ObjectNode outSpec = out.putObject("spec");
        ArrayNode aud = outSpec.putArray("audiences");
        audiences.forEach(aud::add);
        outSpec.put("expirationSeconds", expiration);
        if (spec.get("boundObjectRef") instanceof ObjectNode ref) {
            outSpec.set("boundObjectRef", ref.deepCopy());
        } else {
            outSpec.putNull("boundObjectRef");
        }
        ObjectNode status = out.putObject("status");
        status.put("token", dryRun ? "" : tokens.issue(new Claims(info.namespace(), sa, pod, audiences, expires), now));
        status.put("expirationTimestamp", Json.timestamp(expires));
        resp.send(201, "application/json", Json.bytes(out));
    }

    private static long expirationSeconds(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return DEFAULT_EXPIRATION_SECONDS;
        }
        if (!node.canConvertToLong()) {
            throw ApiException.badRequest("spec.expirationSeconds must be an integer");
        }
        long v = node.asLong();
        if (v < MIN_EXPIRATION_SECONDS) {
            throw invalid(name, FieldError.invalid("spec.expirationSeconds", v,
                    "may not specify a duration less than 10 minutes"));
        }
        if (v > MAX_EXPIRATION_SECONDS) {
            throw invalid(name, FieldError.invalid("spec.expirationSeconds", v,
                    "may not specify a duration larger than 2^32 seconds"));
        }
        return v;
    }

    private static ApiException invalid(String name, FieldError e) {
        return ApiException.invalid("authentication.k8s.io", "TokenRequest", name, List.of(e));
    }

    /**
     * The pod a token is bound to (null when unbound or bound to a secret): it must exist, run as
     * this service account and match the reference's uid, as upstream checks.
     */
    private Ref bound(JsonNode ref, String namespace, String account) {
        if (ref == null || ref.isNull()) {
            return null;
        }
        String kind = ref.path("kind").asString("");
        String apiVersion = ref.path("apiVersion").asString("");
        String name = ref.path("name").asString("");
        String uid = ref.path("uid").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String resource = switch (kind) {
            case "Pod" -> "pods";
            case "Secret" -> "secrets";
            default -> null;
        };
        if (resource == null || !group.isEmpty()) {
            // Go's GroupVersionKind.String(): "GROUP/VERSION, Kind=KIND", "/v1, Kind=..." for core.
            throw ApiException.badRequest("cannot bind token to object of type " + group + "/"
                    + apiVersion.substring(apiVersion.indexOf('/') + 1) + ", Kind=" + kind);
        }
        ResourceDescriptor d = registry.find("", "v1", resource).orElseThrow(ApiException::pathNotFound);
        Versioned target = ctx.storage().get(d.storageKey(namespace, name));
        if (target == null) {
            throw ApiException.notFound(d, name);
        }
        ObjectNode obj = target.object();
        if (kind.equals("Pod")) {
            String podAccount = Json.text(obj, "spec", "serviceAccountName");
            if (!account.equals(podAccount == null || podAccount.isEmpty() ? "default" : podAccount)) {
                throw ApiException.badRequest("cannot bind token for serviceaccount \"" + account
                        + "\" to pod running with different serviceaccount name.");
            }
        }
        String actual = Json.text(obj, "metadata", "uid");
        if (!uid.isEmpty() && !uid.equals(actual)) {
            ObjectNode details = Json.object();
            details.put("name", name);
            details.put("kind", kind);
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + kind + " \"" + name
                    + "\": the UID in the bound object reference (" + uid + ") does not match the UID in record. "
                    + "The object might have been deleted and then recreated", details);
        }
        return kind.equals("Pod") ? new Ref(name, actual) : null;
    }
}
