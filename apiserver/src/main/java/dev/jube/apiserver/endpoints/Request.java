package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.auth.UserInfo;
import dev.jube.apiserver.http.ApiRequest;
import dev.jube.apiserver.http.Responder;
import dev.jube.apiserver.registry.ResourceDescriptor;

/** One resource request after routing: the raw request, what its path says, and who sent it. */
record Request(ApiRequest http, RequestInfo info, ResourceDescriptor descriptor, UserInfo user, Responder responder) {

    String namespace() {
        return info.namespace();
    }

    String name() {
        return info.name();
    }

    String key() {
        return descriptor.storageKey(info.namespace(), info.name());
    }

    boolean dryRun() {
        String v = http.param("dryRun");
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("All")) {
            throw ApiException.badRequest("Invalid dry run value: \"" + v + "\": supported values: \"All\"");
        }
        return true;
    }

    Output output() {
        return Output.negotiate(http.header("accept"), true, http.param("includeObject"));
    }
}
