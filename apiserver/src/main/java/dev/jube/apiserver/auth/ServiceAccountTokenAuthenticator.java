package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Bearer service account tokens this server issued: valid only while the service account (and
 * the pod the token is bound to, if any) still exists with the uid in the token, as upstream's
 * service account authenticator checks. The user is system:serviceaccount:NS:NAME in the groups
 * system:serviceaccounts, system:serviceaccounts:NS and system:authenticated.
 */
public final class ServiceAccountTokenAuthenticator implements Authenticator {

    private final ServiceAccountTokens tokens;
    private final ObjectStorage storage;
    private final ResourceDescriptor accounts;
    private final ResourceDescriptor pods;
    private final Clock clock;

    public ServiceAccountTokenAuthenticator(ServiceAccountTokens tokens, ObjectStorage storage,
                                            ResourceRegistry registry, Clock clock) {
        this.tokens = tokens;
        this.storage = storage;
        // A server configured without these kinds accepts no service account tokens.
        this.accounts = registry.find("", "v1", "serviceaccounts").orElse(null);
        this.pods = registry.find("", "v1", "pods").orElse(null);
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        String auth = request.header("authorization");
        if (accounts == null || pods == null || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = auth.substring(7).strip();
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        return tokens.verify(token, clock.instant()).filter(this::stillBound).map(c -> new UserInfo(
                "system:serviceaccount:" + c.namespace() + ":" + c.serviceAccount().name(), c.serviceAccount().uid(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + c.namespace(), "system:authenticated")));
    }

    private boolean stillBound(ServiceAccountTokens.Claims c) {
        return exists(accounts.storageKey(c.namespace(), c.serviceAccount().name()), c.serviceAccount().uid(), true)
                && (c.pod() == null || exists(pods.storageKey(c.namespace(), c.pod().name()), c.pod().uid(), false));
    }

    /** A pod keeps its token while it shuts down; a service account being deleted does not. */
    private boolean exists(String key, String uid, boolean notDeleting) {
        Versioned v = storage.get(key);
        return v != null && (!notDeleting || !v.object().path("metadata").hasNonNull("deletionTimestamp"))
                && uid.equals(v.object().path("metadata").path("uid").asString(""));
    }
}
