package dev.jube.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/**
 * Creates pods as fast as the API server takes them: JSON bodies written once, sent over a few
 * HTTP/2 connections with a bounded number in flight, answers checked for their status only.
 * The benchmark's own load generator should not spend the cores the system under test needs,
 * as upstream's scheduler_perf creators (protobuf, no decoding of the answer) do not.
 */
final class PodCreator implements AutoCloseable {

    private static final int CONNECTIONS = 4;
    private static final int IN_FLIGHT = 64;

    private final List<ApiClient> clients = new ArrayList<>();

    PodCreator(String url, SSLContext tls) {
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(new ApiClient(url, tls));
        }
    }

    /**
     * Creates pods {@code 0..n-1} in {@code namespace} with the given bodies, calling
     * {@code sent(i)} just before each request; returns once all are answered, failing on the first error.
     */
    void createAll(String namespace, int n, IntFunction<String> body, IntConsumer sent) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        String path = "/api/v1/namespaces/" + namespace + "/pods";
        for (int i = 0; i < n && failure.get() == null; i++) {
            slots.acquire();
            ApiClient client = clients.get(i % clients.size());
            HttpRequest request = client.request("POST", path, ApiClient.JSON, body.apply(i));
            sent.accept(i);
            CompletableFuture<HttpResponse<String>> answer =
                    client.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            answer.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else if (r.statusCode() != 201) {
                    failure.compareAndSet(null, new IOException("POST " + path + " answered " + r.statusCode()
                            + ": " + r.body()));
                }
                slots.release();
            });
        }
        slots.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IOException("creating pods failed: " + failure.get().getMessage(), failure.get());
        }
    }

    @Override
    public void close() {
        clients.forEach(ApiClient::close);
    }
}
