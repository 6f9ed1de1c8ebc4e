package dev.jube.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each sending its next request as soon as the previous one answered, for a fixed
 * time (or until the operation says it is done): the throughput the server sustains at that
 * concurrency.
 */
final class ClosedLoopLoad {

    /** The request a client sends as its {@code seq}-th call; null when the client is done. */
    interface Operation {
        HttpRequest request(ApiClient client, int clientIndex, long seq);
    }

    record Result(long ok, long errors, double seconds, String firstError) {
        double perSecond() {
            return ok / seconds;
        }
    }

    private ClosedLoopLoad() {}

    static Result run(List<ApiClient> clients, int concurrency, Duration duration, Operation op)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        StringBuffer firstError = new StringBuffer();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            ApiClient client = clients.get(i);
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                for (long seq = 0; System.nanoTime() < deadline; seq++) {
                    try {
                        HttpRequest request = op.request(client, index, seq);
                        if (request == null) {
                            return;
                        }
                        HttpResponse<String> r = client.send(request);
                        if (r.statusCode() / 100 == 2) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            noteFirst(firstError, r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        noteFirst(firstError, e.toString());
                        if (e instanceof InterruptedException) {
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get(), errors.get(), seconds, firstError.isEmpty() ? null : firstError.toString());
    }

    private static void noteFirst(StringBuffer first, String error) {
        synchronized (first) {
            if (first.isEmpty()) {
                first.append(error, 0, Math.min(300, error.length()));
            }
        }
    }
}
