package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.util.Optional;

/**
 * One way of establishing who sent a request. Empty means "not mine, ask the next one"; a
 * credential that is presented but wrong also gives empty (the chain answers 401).
 */
@FunctionalInterface
public interface Authenticator {

    Optional<UserInfo> authenticate(ApiRequest request);
}
