package dev.jube.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class BootstrapTokenAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, JsonNode> secrets = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final BootstrapTokenAuthenticator auth = new BootstrapTokenAuthenticator(name -> {
        reads.incrementAndGet();
        return secrets.get(name);
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ApiRequest bearer(String token) {
        return new ApiRequest("GET", "/api/v1/nodes", Map.of(), Map.of("authorization", "Bearer " + token), null,
                List.of(), false);
    }

    private ObjectNode secret(String id, String secret, Map<String, String> extra) {
        ObjectNode obj = Json.object();
        obj.put("type", "bootstrap.kubernetes.io/token");
        obj.putObject("metadata").put("name", "bootstrap-token-" + id).put("namespace", "kube-system");
        ObjectNode data = obj.putObject("data");
        Map<String, String> values = new HashMap<>(Map.of("token-id", id, "token-secret", secret,
                "usage-bootstrap-authentication", "true",
                "auth-extra-groups", "system:bootstrappers:jube:default-node-token"));
        values.putAll(extra);
        values.forEach((k, v) -> {
            if (v != null) {
                data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            } else {
                data.remove(k);
            }
        });
        secrets.put("bootstrap-token-" + id, obj);
        return obj;
    }

    @Test
    void aMatchingUnexpiredTokenAuthenticatesAsTheBootstrapUser() {
        secret("abc123", "0123456789abcdef", Map.of("expiration", "2026-01-02T00:00:00Z"));

        UserInfo user = auth.authenticate(bearer("abc123.0123456789abcdef")).orElseThrow();

        assertThat(user.name()).isEqualTo("system:bootstrap:abc123");
        assertThat(user.groups()).containsExactly("system:bootstrappers",
                "system:bootstrappers:jube:default-node-token", "system:authenticated");
    }

    @Test
    void aWrongSecretAnExpiredTokenOrAMissingUsageIsNotAuthenticated() {
        secret("abc123", "0123456789abcdef", Map.of());
        secret("exp000", "0123456789abcdef", Map.of("expiration", "2025-12-31T23:59:59Z"));
        secret("nouse0", "0123456789abcdef", Map.of("usage-bootstrap-authentication", "false"));

        assertThat(auth.authenticate(bearer("abc123.0123456789abcdee"))).isEmpty();
        assertThat(auth.authenticate(bearer("exp000.0123456789abcdef"))).isEmpty();
        assertThat(auth.authenticate(bearer("nouse0.0123456789abcdef"))).isEmpty();
        assertThat(auth.authenticate(bearer("zzz999.0123456789abcdef"))).isEmpty();
    }

    @Test
    void aSecretOfAnotherTypeOrWithMalformedGroupsIsNotAToken() {
        secret("abc123", "0123456789abcdef", Map.of()).put("type", "Opaque");
        secret("grp000", "0123456789abcdef", Map.of("auth-extra-groups", "system:masters"));

        assertThat(auth.authenticate(bearer("abc123.0123456789abcdef"))).isEmpty();
        assertThat(auth.authenticate(bearer("grp000.0123456789abcdef"))).isEmpty();
    }

    @Test
    void otherCredentialsAreLeftToTheNextAuthenticator() {
        assertThat(auth.authenticate(bearer("not-a-bootstrap-token"))).isEmpty();
        assertThat(auth.authenticate(new ApiRequest("GET", "/api", Map.of(), Map.of(), null, List.of(), false)))
                .isEmpty();
        assertThat(reads).hasValue(0);
    }

    @Test
    void secretsAreCachedBriefly() {
        secret("abc123", "0123456789abcdef", Map.of());
        auth.authenticate(bearer("abc123.0123456789abcdef"));
        auth.authenticate(bearer("abc123.0123456789abcdef"));

        assertThat(reads).hasValue(1);
    }

    @Test
    void clusterInfoIsReadableWithoutCredentialsAndNothingElseIs() {
        var anonymous = new ClusterInfoAuthenticator();
        assertThat(anonymous.authenticate(new ApiRequest("GET", ClusterInfoAuthenticator.PATH, Map.of(), Map.of(),
                null, List.of(), false))).map(UserInfo::name).contains("system:anonymous");
        assertThat(anonymous.authenticate(new ApiRequest("DELETE", ClusterInfoAuthenticator.PATH, Map.of(), Map.of(),
                null, List.of(), false))).isEmpty();
        assertThat(anonymous.authenticate(new ApiRequest("GET", "/api/v1/namespaces/kube-public/configmaps",
                Map.of(), Map.of(), null, List.of(), false))).isEmpty();
    }
}
