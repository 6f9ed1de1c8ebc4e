package dev.jube.bench;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * When each pod of a namespace was first seen bound, from one watch read with a streaming
 * parser: only the pod's name and spec.nodeName are taken from each event, so observing the
 * cluster costs little of what it measures (upstream's throughput collector reads an informer
 * fed with protobuf).
 */
final class BindWatch implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    final Map<String, Long> boundAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> boundByPrefix = new ConcurrentHashMap<>();
    private final ApiClient client;
    private final Thread reader;
    private volatile Throwable failure;

    BindWatch(String url, SSLContext tls, String namespace) throws Exception {
        client = new ApiClient(url, tls);
        HttpResponse<Stream<String>> response = client.http().send(
                client.request("GET", "/api/v1/namespaces/" + namespace + "/pods?watch=true", null, null),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("watch answered " + response.statusCode());
        }
        reader = Thread.ofPlatform().daemon().name("bench-bind-watch").start(() -> {
            try (Stream<String> lines = response.body()) {
                lines.forEach(this::event);
                failure = new IllegalStateException("the server ended the watch");
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    private void event(String line) {
        String name = null;
        String node = null;
        try (JsonParser p = JSON.createParser(line)) {
            // {"type":..., "object": {"metadata": {"name": ...}, "spec": {"nodeName": ...}}}
            int depth = 0;
            String[] path = new String[4];
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT -> depth++;
                    case END_OBJECT -> depth--;
                    case PROPERTY_NAME -> {
                        String f = p.currentName();
                        if (depth < path.length) {
                            path[depth] = f;
                        }
                        boolean keep = depth == 1 && f.equals("object")
                                || depth == 2 && "object".equals(path[1]) && (f.equals("metadata") || f.equals("spec"))
                                || depth == 3 && ("metadata".equals(path[2]) && f.equals("name")
                                        || "spec".equals(path[2]) && f.equals("nodeName"));
                        if (!keep) {
                            p.nextToken();
                            p.skipChildren();
                        }
                    }
                    case VALUE_STRING -> {
                        if (depth == 3 && "name".equals(path[3])) {
                            name = p.getString();
                        } else if (depth == 3 && "nodeName".equals(path[3])) {
                            node = p.getString();
                        }
                    }
                    default -> { }
                }
            }
        }
        if (name != null && node != null && !node.isEmpty() && boundAt.putIfAbsent(name, System.nanoTime()) == null) {
            boundByPrefix.computeIfAbsent(name.replaceAll("\\d+$", ""), k -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    /** Waits until {@code n} pods named {@code prefix} and a number are bound. */
    void await(String prefix, int n, long timeoutSeconds, java.util.function.IntConsumer progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastLog = System.nanoTime();
        AtomicInteger count = boundByPrefix.computeIfAbsent(prefix, k -> new AtomicInteger());
        while (count.get() < n) {
            if (failure != null) {
                throw new IllegalStateException("the watch failed: " + failure, failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count.get() + " of " + n + " " + prefix + " pods were bound");
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                progress.accept(count.get());
                lastLog = System.nanoTime();
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        // The watch never ends by itself: close would wait for it.
        client.http().shutdownNow();
        reader.interrupt();
    }
}
