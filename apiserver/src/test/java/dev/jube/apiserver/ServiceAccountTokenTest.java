package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.auth.Authorizer;
import dev.jube.apiserver.auth.ServiceAccountTokens;
import dev.jube.apiserver.auth.UserInfo;
import dev.jube.apiserver.pki.ServiceAccountKey;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ServiceAccountTokenTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;
    static HttpClient anonymous;
    static final AtomicReference<UserInfo> LAST_USER = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir, ServiceAccountTokenTest::recordingUsers);
        api = Api.of(cluster);
        anonymous = cluster.http(false);
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"ci\"}}");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ApiServerConfig recordingUsers(ApiServerConfig c) {
        Authorizer recording = (user, request) -> {
            LAST_USER.set(user);
            return null;
        };
        return new ApiServerConfig(c.store(), c.dataDir(), c.bindAddress(), c.port(), c.tokenAuthFile(), c.resources(),
                c.admission(), recording, c.bookmarkInterval(), c.minWatchTimeout(), c.watchCacheWindow(),
                c.maxBodyBytes());
    }

    private static String account(String name) throws Exception {
        return api.create("/api/v1/namespaces/ci/serviceaccounts", "{\"metadata\":{\"name\":\"" + name + "\"}}")
                .path("metadata").path("uid").asString();
    }

    private static Api.Reply requestToken(String account, String spec) throws Exception {
        return api.post("/api/v1/namespaces/ci/serviceaccounts/" + account + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
    }

    private static String token(String account, String spec) throws Exception {
        Api.Reply r = requestToken(account, spec);
        assertThat(r.code()).as(r.body().toString()).isEqualTo(201);
        return r.body().path("status").path("token").asString();
    }

    private static JsonNode part(String token, int i) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[i]));
    }

    private static int getWith(String token, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.server.url() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).GET().build();
        return anonymous.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aTokenRequestIsAnsweredWithASignedTokenCarryingUpstreamsClaims() throws Exception {
        String uid = account("builder");
        Instant before = Instant.now().minusSeconds(1);
        Api.Reply r = requestToken("builder", "{\"expirationSeconds\":1200}");
        assertThat(r.code()).isEqualTo(201);
        JsonNode body = r.body();
        assertThat(body.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(body.path("spec").path("audiences").toString())
                .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
        assertThat(body.path("spec").path("expirationSeconds").asLong()).isEqualTo(1200);
        Instant expires = Instant.parse(body.path("status").path("expirationTimestamp").asString());
        assertThat(expires).isBetween(before.plusSeconds(1200), Instant.now().plusSeconds(1201));
        String token = body.path("status").path("token").asString();
        assertThat(part(token, 0).path("alg").asString()).isEqualTo("ES256");
        JsonNode claims = part(token, 1);
        assertThat(claims.path("iss").asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(claims.path("aud").get(0).asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1200);
        assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
        assertThat(claims.path("exp").asLong()).isEqualTo(expires.getEpochSecond());
        JsonNode k8s = claims.path("kubernetes.io");
        assertThat(k8s.path("namespace").asString()).isEqualTo("ci");
        assertThat(k8s.path("serviceaccount").path("name").asString()).isEqualTo("builder");
        assertThat(k8s.path("serviceaccount").path("uid").asString()).isEqualTo(uid);
        assertThat(k8s.has("pod")).isFalse();
    }

    @Test
    void theTokenAuthenticatesAsTheServiceAccountUntilTheAccountIsDeleted() throws Exception {
        String uid = account("deployer");
        String token = token("deployer", "{}");
        assertThat(getWith(token, "/api/v1/namespaces/ci/configmaps")).isEqualTo(200);
        UserInfo user = LAST_USER.get();
        assertThat(user.name()).isEqualTo("system:serviceaccount:ci:deployer");
        assertThat(user.uid()).isEqualTo(uid);
        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ci",
                "system:authenticated");
        assertThat(api.delete("/api/v1/namespaces/ci/serviceaccounts/deployer").code()).isEqualTo(200);
        assertThat(getWith(token, "/api/v1/namespaces/ci/configmaps")).isEqualTo(401);
        account("deployer");
        assertThat(getWith(token, "/api/v1/namespaces/ci/configmaps")).as("same name, another uid").isEqualTo(401);
    }

    @Test
    void aTamperedTokenIsRejected() throws Exception {
        account("tamper");
        String token = token("tamper", "{}");
        String[] parts = token.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"tamper\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertThat(getWith(parts[0] + "." + otherClaims + "." + parts[2], "/api/v1/namespaces")).isEqualTo(401);
        assertThat(getWith(token.substring(0, token.length() - 4) + "AAAA", "/api/v1/namespaces")).isEqualTo(401);
    }

    @Test
    void aTokenBoundToAPodNamesItAndEndsWithIt() throws Exception {
        account("runner");
        String podUid = api.create("/api/v1/namespaces/ci/pods", "{\"metadata\":{\"name\":\"job\"},\"spec\":{"
                + "\"serviceAccountName\":\"runner\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}")
                .path("metadata").path("uid").asString();
        String token = token("runner", "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"job\","
                + "\"uid\":\"" + podUid + "\"}}");
        JsonNode pod = part(token, 1).path("kubernetes.io").path("pod");
        assertThat(pod.path("name").asString()).isEqualTo("job");
        assertThat(pod.path("uid").asString()).isEqualTo(podUid);
        assertThat(getWith(token, "/api/v1/namespaces/ci/pods")).isEqualTo(200);
        assertThat(api.delete("/api/v1/namespaces/ci/pods/job").code()).isEqualTo(200);
        assertThat(getWith(token, "/api/v1/namespaces/ci/pods")).isEqualTo(401);
    }

    @Test
    void badTokenRequestsGetUpstreamsErrors() throws Exception {
        account("picky");
        Api.Reply shortLived = requestToken("picky", "{\"expirationSeconds\":599}");
        assertThat(shortLived.code()).isEqualTo(422);
        assertThat(shortLived.message()).isEqualTo("TokenRequest.authentication.k8s.io \"picky\" is invalid: "
                + "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes");
        Api.Reply missing = requestToken("nobody", "{}");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("serviceaccounts \"nobody\" not found");
        api.create("/api/v1/namespaces/ci/pods", "{\"metadata\":{\"name\":\"other\"},\"spec\":{"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        Api.Reply otherAccount = requestToken("picky", "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"name\":\"other\"}}");
        assertThat(otherAccount.code()).isEqualTo(400);
        assertThat(otherAccount.message()).isEqualTo("cannot bind token for serviceaccount \"picky\" to pod running "
                + "with different serviceaccount name.");
        Api.Reply node = requestToken("picky", "{\"boundObjectRef\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
                + "\"name\":\"x\"}}");
        assertThat(node.code()).isEqualTo(400);
        assertThat(node.message()).isEqualTo("cannot bind token to object of type /v1, Kind=ConfigMap");
    }

    @Test
    void theIssuerDocumentsPublishTheKeyThatVerifiesTokens() throws Exception {
        account("oidc");
        String token = token("oidc", "{}");
        JsonNode config = api.get("/.well-known/openid-configuration").body();
        assertThat(config.path("issuer").asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(config.path("jwks_uri").asString())
                .isEqualTo("https://kubernetes.default.svc.cluster.local/openid/v1/jwks");
        JsonNode jwk = api.get("/openid/v1/jwks").body().path("keys").get(0);
        assertThat(jwk.path("kid").asString()).isEqualTo(part(token, 0).path("kid").asString());
        assertThat(jwk.path("kty").asString()).isEqualTo("EC");
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("x").asString())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("y").asString()))),
                params.getParameterSpec(ECParameterSpec.class)));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        String[] parts = token.split("\\.");
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void expiredTokensAndTokensForOtherAudiencesAreNotAccepted(@TempDir Path keys) throws Exception {
        ServiceAccountTokens tokens = new ServiceAccountTokens(ServiceAccountKey.loadOrCreate(keys));
        var sa = new ServiceAccountTokens.Ref("a", "uid-1");
        Instant now = Instant.now();
        String valid = tokens.issue(new ServiceAccountTokens.Claims("ns", sa, null,
                ServiceAccountTokens.DEFAULT_AUDIENCES, now.plusSeconds(600)), now);
        assertThat(tokens.verify(valid, now)).isPresent();
        assertThat(tokens.verify(valid, now.plusSeconds(3600))).isEmpty();
        String otherAudience = tokens.issue(new ServiceAccountTokens.Claims("ns", sa, null, List.of("vault"),
                now.plusSeconds(600)), now);
        assertThat(tokens.verify(otherAudience, now)).isEmpty();
        ServiceAccountTokens reloaded = new ServiceAccountTokens(ServiceAccountKey.loadOrCreate(keys));
        assertThat(reloaded.verify(valid, now)).as("the key is kept in the folder").isPresent();
    }
}
