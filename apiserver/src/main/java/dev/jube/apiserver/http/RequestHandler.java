package dev.jube.apiserver.http;

/** Serves requests; called on a virtual thread, so it may block. */
@FunctionalInterface
public interface RequestHandler {

    void handle(ApiRequest request, Responder responder);
}
