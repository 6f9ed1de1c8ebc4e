package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Bootstrap tokens as upstream has them: a bearer {@code ID.SECRET} matching the Secret
 * {@code kube-system/bootstrap-token-ID} of type {@code bootstrap.kubernetes.io/token} that allows
 * authentication and has not expired authenticates as {@code system:bootstrap:ID} in
 * {@code system:bootstrappers} plus the Secret's extra groups. Secrets are read from storage and
 * kept a few seconds, so a node's bursts of requests do not read storage each time.
 */
public final class BootstrapTokenAuthenticator implements Authenticator {

    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String SECRET_PREFIX = "bootstrap-token-";
    public static final String GROUP = "system:bootstrappers";
    private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
    private static final Pattern EXTRA_GROUP = Pattern.compile("system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]");
    private static final Duration CACHE = Duration.ofSeconds(5);

    /** Reads a Secret's stored object by name in kube-system; null when absent. */
    private final Function<String, JsonNode> secrets;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(JsonNode secret, Instant readAt) {}

    public BootstrapTokenAuthenticator(Function<String, JsonNode> secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Reads the Secrets from storage. */
    public static BootstrapTokenAuthenticator fromStorage(ObjectStorage storage, ResourceDescriptor secrets) {
        return new BootstrapTokenAuthenticator(name -> {
            Versioned v = storage.get(secrets.storageKey("kube-system", name));
            return v == null ? null : v.object();
        }, Clock.systemUTC());
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(auth.substring(7).strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        JsonNode secret = secret(SECRET_PREFIX + id);
        if (secret == null || !SECRET_TYPE.equals(secret.path("type").asString(""))
                || secret.path("metadata").has("deletionTimestamp")) {
            return Optional.empty();
        }
        JsonNode data = secret.path("data");
        if (!id.equals(value(data, "token-id"))
                || !MessageDigest.isEqual(m.group(2).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(value(data, "token-secret")).getBytes(StandardCharsets.UTF_8))
                || !"true".equals(value(data, "usage-bootstrap-authentication"))
                || expired(value(data, "expiration"))) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        groups.add(GROUP);
        String extra = value(data, "auth-extra-groups");
        if (extra != null) {
            for (String g : extra.split(",")) {
                String group = g.strip();
                if (!EXTRA_GROUP.matcher(group).matches()) {
                    return Optional.empty(); // upstream refuses a token whose groups are malformed
                }
                if (!groups.contains(group)) {
                    groups.add(group);
                }
            }
        }
        groups.add("system:authenticated");
        return Optional.of(new UserInfo("system:bootstrap:" + id, "", groups));
    }

    private JsonNode secret(String name) {
        Instant now = clock.instant();
        Cached c = cache.get(name);
        if (c != null && c.readAt().plus(CACHE).isAfter(now)) {
            return c.secret();
        }
        JsonNode secret = secrets.apply(name);
        cache.put(name, new Cached(secret, now));
        return secret;
    }

    private boolean expired(String expiration) {
        if (expiration == null) {
            return false;
        }
        try {
            return !Instant.parse(expiration).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true; // an unreadable expiry never authenticates
        }
    }

    private static String value(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || !v.isString()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(v.asString()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
