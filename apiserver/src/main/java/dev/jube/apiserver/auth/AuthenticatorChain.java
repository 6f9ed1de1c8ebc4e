package dev.jube.apiserver.auth;

import dev.jube.apiserver.http.ApiRequest;
import java.util.List;
import java.util.Optional;

/** Tries each authenticator in order; the first that recognises the request wins. */
public record AuthenticatorChain(List<Authenticator> authenticators) implements Authenticator {

    public AuthenticatorChain {
        authenticators = List.copyOf(authenticators);
    }

    @Override
    public Optional<UserInfo> authenticate(ApiRequest request) {
        for (Authenticator a : authenticators) {
            Optional<UserInfo> user = a.authenticate(request);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }
}
