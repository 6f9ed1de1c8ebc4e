package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
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
    private final Clock clock;

    public ServiceAccountTokenAuthenticator(ServiceAccountTokens tokens, ObjectStorage storage, Clock clock) {
        this.tokens = tokens;
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
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
        return exists("/registry/serviceaccounts/" + c.namespace() + "/" + c.serviceAccount().name(),
                c.serviceAccount().uid(), true)
                && (c.pod() == null
                || exists("/registry/pods/" + c.namespace() + "/" + c.pod().name(), c.pod().uid(), false));
    }

    /** A pod keeps its token while it shuts down; a service account being deleted does not. */
    private boolean exists(String key, String uid, boolean notDeleting) {
        Versioned v = storage.get(key);
        return v != null && (!notDeleting || !v.object().path("metadata").hasNonNull("deletionTimestamp"))
                && uid.equals(v.object().path("metadata").path("uid").asString(""));
    }
}
