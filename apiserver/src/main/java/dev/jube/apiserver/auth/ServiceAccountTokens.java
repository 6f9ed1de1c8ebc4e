package dev.jube.apiserver.auth;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.pki.ServiceAccountKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs and verifies service account tokens: ES256 JSON Web Tokens with upstream's claims (iss,
 * sub system:serviceaccount:NS:NAME, aud, exp, iat, nbf, jti and the kubernetes.io claim naming
 * the namespace, the service account and the pod the token is bound to). Also the documents of
 * upstream's issuer discovery: /.well-known/openid-configuration and /openid/v1/jwks.
 */
public final class ServiceAccountTokens {

    /** The issuer (and default audience) of upstream's default configuration. */
    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    public static final List<String> DEFAULT_AUDIENCES = List.of(ISSUER);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Clock skew tolerated on exp and nbf, as upstream's validator allows. */
    private static final long LEEWAY_SECONDS = 60;

    /** A reference to an object in a token's kubernetes.io claim. */
    public record Ref(String name, String uid) {}

    /** What a valid token says. {@code pod} is null for a token not bound to a pod. */
    public record Claims(String namespace, Ref serviceAccount, Ref pod, List<String> audiences, Instant expires) {}

    private final ServiceAccountKey key;
    private final String keyId;

    public ServiceAccountTokens(ServiceAccountKey key) {
        this.key = key;
        this.keyId = keyId(key);
    }

    /** Upstream's key id: the unpadded base64url SHA-256 of the public key's DER encoding. */
    private static String keyId(ServiceAccountKey key) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A signed token for the claims, issued now. */
    public String issue(Claims c, Instant now) {
        ObjectNode header = Json.object();
        header.put("alg", "ES256");
        header.put("kid", keyId);
        ObjectNode payload = Json.object();
        ArrayNode aud = payload.putArray("aud");
        c.audiences().forEach(aud::add);
        payload.put("exp", c.expires().getEpochSecond());
        payload.put("iat", now.getEpochSecond());
        payload.put("iss", ISSUER);
        payload.put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = payload.putObject("kubernetes.io");
        k8s.put("namespace", c.namespace());
        if (c.pod() != null) {
            ref(k8s.putObject("pod"), c.pod());
        }
        ref(k8s.putObject("serviceaccount"), c.serviceAccount());
        payload.put("nbf", now.getEpochSecond());
        payload.put("sub", "system:serviceaccount:" + c.namespace() + ":" + c.serviceAccount().name());
        String signingInput = B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(payload));
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key.privateKey());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a service account token", e);
        }
    }

    private static void ref(ObjectNode out, Ref r) {
        out.put("name", r.name());
        out.put("uid", r.uid());
    }

    /**
     * The claims of a token this server signed that is valid now for one of the server's
     * audiences; empty for anything else (another issuer, a bad signature, expired).
     */
    public Optional<Claims> verify(String token, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = Json.parse(B64D.decode(parts[0]));
            if (!"ES256".equals(header.path("alg").asString(""))) {
                return Optional.empty();
            }
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key.publicKey());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode p = Json.parse(B64D.decode(parts[1]));
            if (!ISSUER.equals(p.path("iss").asString(""))) {
                return Optional.empty();
            }
            long t = now.getEpochSecond();
            if (!p.path("exp").canConvertToLong() || p.path("exp").asLong() + LEEWAY_SECONDS < t
                    || p.path("nbf").asLong(0) - LEEWAY_SECONDS > t) {
                return Optional.empty();
            }
            List<String> audiences = p.path("aud").isArray()
                    ? p.path("aud").valueStream().map(a -> a.asString("")).toList()
                    : List.of(p.path("aud").asString(""));
            if (audiences.stream().noneMatch(DEFAULT_AUDIENCES::contains)) {
                return Optional.empty();
            }
            JsonNode k8s = p.path("kubernetes.io");
            String namespace = k8s.path("namespace").asString("");
            Ref sa = new Ref(k8s.path("serviceaccount").path("name").asString(""),
                    k8s.path("serviceaccount").path("uid").asString(""));
            if (namespace.isEmpty() || sa.name().isEmpty()
                    || !p.path("sub").asString("").equals("system:serviceaccount:" + namespace + ":" + sa.name())) {
                return Optional.empty();
            }
            Ref pod = k8s.has("pod") ? new Ref(k8s.path("pod").path("name").asString(""),
                    k8s.path("pod").path("uid").asString("")) : null;
            return Optional.of(new Claims(namespace, sa, pod, audiences,
                    Instant.ofEpochSecond(p.path("exp").asLong())));
        } catch (IllegalArgumentException | GeneralSecurityException | tools.jackson.core.JacksonException e) {
            return Optional.empty();
        }
    }

    /** The OpenID provider configuration upstream publishes for service account token issuers. */
    public ObjectNode openIdConfiguration() {
        ObjectNode o = Json.object();
        o.put("issuer", ISSUER);
        o.put("jwks_uri", ISSUER + "/openid/v1/jwks");
        o.putArray("response_types_supported").add("id_token");
        o.putArray("subject_types_supported").add("public");
        o.putArray("id_token_signing_alg_values_supported").add("ES256");
        return o;
    }

    /** The public key as a JSON Web Key Set. */
    public ObjectNode jwks() {
        ObjectNode o = Json.object();
        ObjectNode k = o.putArray("keys").addObject();
        k.put("use", "sig");
        k.put("kty", "EC");
        k.put("kid", keyId);
        k.put("crv", "P-256");
        k.put("alg", "ES256");
        k.put("x", B64.encodeToString(coordinate(key.publicKey().getW().getAffineX())));
        k.put("y", B64.encodeToString(coordinate(key.publicKey().getW().getAffineY())));
        return o;
    }

    /** A P-256 coordinate as exactly 32 big-endian bytes. */
    private static byte[] coordinate(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
