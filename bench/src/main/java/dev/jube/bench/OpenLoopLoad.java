package dev.jube.bench;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests sent at a fixed rate whatever the server's answers (open loop), each latency taken
 * from the request's scheduled time so a stalled server shows as latency, not as a lower rate.
 */
final class OpenLoopLoad {

    /** The request sent as the {@code seq}-th call. */
    interface Operation {
        HttpRequest request(ApiClient client, long seq);
    }

    record Result(double[] latenciesMillis, long errors, long sent, double achievedPerSecond, String firstError) {}

    private OpenLoopLoad() {}

    static Result run(List<ApiClient> clients, int perSecond, int count, Operation op) throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        double[] latencies = new double[count];
        AtomicLong errors = new AtomicLong();
        StringBuffer firstError = new StringBuffer();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int seq = i;
            ApiClient client = clients.get(i % clients.size());
            calls[i] = client.sendAsync(op.request(client, seq)).whenComplete((r, e) -> {
                latencies[seq] = (System.nanoTime() - scheduled) / 1e6;
                if (e != null || r.statusCode() / 100 != 2) {
                    errors.incrementAndGet();
                    String what = e != null ? e.toString() : r.request().method() + " " + r.statusCode();
                    synchronized (firstError) {
                        if (firstError.isEmpty()) {
                            firstError.append(what);
                        }
                    }
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        long unanswered = 0;
        try {
            CompletableFuture.allOf(calls).get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            for (CompletableFuture<?> c : calls) {
                unanswered += c.isDone() ? 0 : 1;
            }
        } catch (java.util.concurrent.ExecutionException countedAbove) {
            // failures were counted per call
        }
        return new Result(latencies, errors.get() + unanswered, count, count / sendSeconds,
                firstError.isEmpty() ? null : firstError.toString());
    }
}
