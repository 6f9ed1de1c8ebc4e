package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;

/** Decides whether an authenticated user may make a request; RBAC plugs in here. */
@FunctionalInterface
public interface Authorizer {

    /** Null to allow, or the reason the request is denied (answered with 403). */
    String deny(UserInfo user, ApiRequest request);

    /** Every authenticated user may do everything (until RBAC lands). */
    static Authorizer allowAll() {
        return (user, request) -> null;
    }
}
