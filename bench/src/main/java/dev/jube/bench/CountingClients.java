package dev.jube.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * fabric8 clients that count every HTTP request they send (including watch and retry requests)
 * and every answer of 400 or more or connection failure, by method and status code.
 */
final class CountingClients {

    /** One component's counts. */
    static final class Counts {
        private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        long requests() {
            return byMethod.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long errors() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        Map<String, Long> byMethod() {
            return snapshot(byMethod);
        }

        Map<String, Long> errorsByCode() {
            return snapshot(errors);
        }

        private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        Snapshot snapshot() {
            return new Snapshot(requests(), errors());
        }
    }

    record Snapshot(long requests, long errors) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(requests - earlier.requests, errors - earlier.errors);
        }
    }

    private static final int LIST_TIMEOUT_MILLIS = 120_000;

    private CountingClients() {}

    /** The resource (and subresource) a request path names: "replicasets/status" for .../replicasets/NAME/status. */
    static String resource(String path) {
        String[] p = path.replaceAll("^/+|/+$", "").split("/");
        // api/v1/... or apis/GROUP/VERSION/...
        int i = p.length > 0 && p[0].equals("api") ? 2 : 3;
        if (p.length > i + 1 && p[i].equals("namespaces")) {
            i += 2;
        }
        if (i >= p.length) {
            return path;
        }
        return p.length > i + 2 ? p[i] + "/" + p[i + 2] : p[i];
    }

    static KubernetesClient client(String kubeconfig, Counts counts) {
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                String method = request.method();
                String query = request.uri().getRawQuery();
                if (query != null && query.contains("watch=true")) {
                    method = "WATCH";
                }
                counts.byMethod.computeIfAbsent(method, k -> new LongAdder()).increment();
            }

            @Override
            public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (response.code() >= 400) {
                    counts.errors.computeIfAbsent(request.method() + " " + response.code() + " "
                            + resource(request.uri().getRawPath()), k -> new LongAdder()).increment();
                }
            }

            @Override
            public void afterConnectionFailure(HttpRequest request, Throwable failure) {
                counts.errors.computeIfAbsent(request.method() + " connection", k -> new LongAdder()).increment();
            }
        };
        Config config = Config.fromKubeconfig(kubeconfig);
        // An informer whose first list times out stops for good; on a loaded host 10 s is too short.
        config.setRequestTimeout(LIST_TIMEOUT_MILLIS);
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("counter", counter))
                .build();
    }
}
