package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request without credentials read {@code kube-public/cluster-info}, and nothing else, as
 * {@code system:anonymous}: a joining node reads the cluster's CA there before it trusts the
 * server (upstream allows this by RBAC for the anonymous user). Put it last in the chain.
 */
public final class ClusterInfoAuthenticator implements Authenticator {

    public static final String PATH = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
    private static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of("system:unauthenticated"));

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        if (request.header("authorization") == null && "GET".equals(request.method())
                && PATH.equals(request.path())) {
            return Optional.of(ANONYMOUS);
        }
        return Optional.empty();
    }
}
