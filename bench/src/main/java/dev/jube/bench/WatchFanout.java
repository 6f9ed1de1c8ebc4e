package dev.jube.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many watchers on one namespace's ConfigMaps; each round one ConfigMap is created and the time
 * from sending that create to each watcher reading its ADDED event is recorded.
 */
final class WatchFanout {

    private static final Pattern ROUND = Pattern.compile("\"name\":\"fan-(\\d+)\"");

    record Result(double[] delaysMillis, long missed, int watchers, int rounds) {}

    private WatchFanout() {}

    /**
     * @param clients the connections the watches are spread over (HTTP/2 streams on each)
     * @param rounds  measured rounds; one more unmeasured round first proves every watch is live
     */
    static Result run(List<ApiClient> clients, ApiClient writer, String namespace, int watchers, int rounds)
            throws Exception {
        int total = rounds + 1;
        long[][] arrivals = new long[total][watchers];
        CountDownLatch[] delivered = new CountDownLatch[total];
        for (int r = 0; r < total; r++) {
            delivered[r] = new CountDownLatch(watchers);
        }
        List<InputStream> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        String path = "/api/v1/namespaces/" + namespace + "/configmaps?watch=true";
        try {
            for (int w = 0; w < watchers; w++) {
                ApiClient c = clients.get(w % clients.size());
                HttpRequest req = HttpRequest.newBuilder(c.uri(path)).header("Accept", ApiClient.JSON).GET().build();
                HttpResponse<InputStream> resp = c.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("watch answered " + resp.statusCode() + ": "
                            + new String(resp.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                streams.add(resp.body());
                int index = w;
                readers.add(Thread.ofVirtual().start(() -> read(resp.body(), index, arrivals, delivered)));
            }
            long[] sentAt = new long[total];
            for (int r = 0; r < total; r++) {
                sentAt[r] = System.nanoTime();
                writer.expectOk(writer.request("POST", "/api/v1/namespaces/" + namespace + "/configmaps",
                        ApiClient.JSON, Bodies.configMap("fan-" + r)), false);
                delivered[r].await(r == 0 ? 60 : 20, TimeUnit.SECONDS);
            }
            List<Double> delays = new ArrayList<>();
            long missed = 0;
            for (int r = 1; r < total; r++) {
                for (int w = 0; w < watchers; w++) {
                    if (arrivals[r][w] == 0) {
                        missed++;
                    } else {
                        delays.add((arrivals[r][w] - sentAt[r]) / 1e6);
                    }
                }
            }
            return new Result(delays.stream().mapToDouble(Double::doubleValue).toArray(), missed, watchers, rounds);
        } finally {
            for (InputStream s : streams) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // the stream is being abandoned
                }
            }
            for (Thread t : readers) {
                t.join(Duration.ofSeconds(5));
            }
        }
    }

    private static void read(InputStream body, int watcher, long[][] arrivals, CountDownLatch[] delivered) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                long now = System.nanoTime();
                Matcher m = ROUND.matcher(line);
                if (line.contains("\"ADDED\"") && m.find()) {
                    int round = Integer.parseInt(m.group(1));
                    if (round < arrivals.length && arrivals[round][watcher] == 0) {
                        arrivals[round][watcher] = now;
                        delivered[round].countDown();
                    }
                }
            }
        } catch (Exception closed) {
            // the benchmark closed the stream
        }
    }

}
